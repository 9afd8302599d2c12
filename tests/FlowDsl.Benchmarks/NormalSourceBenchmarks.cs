using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using FlowDsl.Benchmarks.Infrastructure;
using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl.Benchmarks;

/// <summary>
/// The options of issue 14 target 1 for the fused drivers' normals, side by side at the widest width, one thread: each row
/// draws Particles × Steps normals two at a time in registers (summed, so the JIT keeps them) from a bit source and a normal
/// transform. Sources: Philox4x32-10 (the previous default), Philox4x32-7 (the fewest rounds that pass BigCrush, Salmon
/// et al. 2011), the keyed SplitMix64 hash (two rounds, the new default; math.md §8), one SplitMix64 round (SplitMix64 itself
/// at index c, not chosen: see math.md §8). (The opt-in per-particle stream generator is measured through the driver, in
/// <see cref="LaneNoiseBenchmarks"/>: here its state would live in memory, not in registers.)
/// Transforms: fdlibm Box–Muller (<see cref="PhiloxLanes.BoxMuller{TOps, TVec}"/>), the quadrant-symmetric one
/// (<see cref="MixLanes.BoxMuller{TOps, TVec}"/>), or none (uniforms only). Ratios are to the first row.
/// </summary>
[Config(typeof(LaneNoiseConfig))]
public class NormalSourceBenchmarks
{
    private const ulong Seed = 3;

    /// <summary>Particles per step pair.</summary>
    [Params(131_072)] public int Particles { get; set; }
    /// <summary>Steps (two per counter pair).</summary>
    [Params(256)] public int Steps { get; set; }

    /// <summary>Kept for the quick harness (nothing to set up).</summary>
    [GlobalSetup]
    public void Setup() { }

    /// <summary>The sum of all normals (returned so nothing is dropped).</summary>
    public double Sink { get; private set; }

    [Benchmark(Baseline = true, Description = "Philox4x32-10 + fdlibm Box–Muller (previous default)")]
    public void Philox10() => Sink = Run<Philox10Source>();

    [Benchmark(Description = "Philox4x32-7 + fdlibm Box–Muller")]
    public void Philox7() => Sink = Run<Philox7Source>();

    [Benchmark(Description = "Philox4x32-10 + quadrant Box–Muller")]
    public void Philox10Quadrant() => Sink = Run<Philox10QuadrantSource>();

    [Benchmark(Description = "SplitMix64 hash ×2 + fdlibm Box–Muller")]
    public void Mix2Fdlibm() => Sink = Run<Mix2FdlibmSource>();

    [Benchmark(Description = "SplitMix64 hash ×2 + quadrant Box–Muller (default)")]
    public void Mix2Quadrant() => Sink = Run<Mix2QuadrantSource>();

    [Benchmark(Description = "SplitMix64 at index c (one round) + quadrant B–M")]
    public void Mix1Quadrant() => Sink = Run<Mix1QuadrantSource>();

    [Benchmark(Description = "Philox4x32-10 uniforms only (no transform)")]
    public void Philox10Uniforms() => Sink = Run<Philox10UniformSource>();

    [Benchmark(Description = "SplitMix64 hash ×2 uniforms only (no transform)")]
    public void Mix2Uniforms() => Sink = Run<Mix2UniformSource>();

    private double Run<TSource>() where TSource : INormalSource =>
        Vector512.IsHardwareAccelerated ? Run<TSource, V512Ops, Vector512<double>>() : Run<TSource, V256Ops, Vector256<double>>();

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private double Run<TSource, TOps, TVec>() where TSource : INormalSource where TOps : ISimdOps<TVec> where TVec : struct
    {
        var sum = TOps.Broadcast(0.0);
        var state = new State<TVec>();
        for (var pair = 0; pair < Steps / 2; pair++)
        {
            TSource.Prepare<TOps, TVec>(Seed, (uint)pair, ref state);
            for (var p = 0; p < Particles; p += TOps.Count)
            {
                TSource.Pair<TOps, TVec>(TOps.IotaBits((ulong)p), ref state, out var z0, out var z1);
                sum = TOps.Add(sum, TOps.Add(z0, z1));
            }
        }
        Span<double> lanes = stackalloc double[TOps.Count];
        TOps.Store(sum, ref lanes[0]);
        var total = 0.0;
        foreach (var x in lanes) total += x;
        return total;
    }

    /// <summary>Per-step-pair values a source keeps (keys, schedules).</summary>
    private struct State<TVec> where TVec : struct
    {
        public PhiloxLanes.Keys<TVec> Philox;
        public TVec A, B, C;
        public TVec K0, K1, K2, K3, K4, K5, K6, L0, L1, L2, L3, L4, L5, L6;
    }

    private interface INormalSource
    {
        static abstract void Prepare<TOps, TVec>(ulong seed, uint pair, ref State<TVec> state) where TOps : ISimdOps<TVec> where TVec : struct;
        static abstract void Pair<TOps, TVec>(TVec particles, ref State<TVec> state, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct;
    }

    private readonly struct Philox10Source : INormalSource
    {
        public static void Prepare<TOps, TVec>(ulong seed, uint pair, ref State<TVec> s) where TOps : ISimdOps<TVec> where TVec : struct
        {
            s.Philox = PhiloxLanes.Keys<TVec>.Create<TOps>((uint)seed, (uint)(seed >> 32));
            (s.A, s.B, s.C) = (TOps.BroadcastBits(pair), TOps.BroadcastBits(0), TOps.BroadcastBits(LaneNormals.FirstStream));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pair<TOps, TVec>(TVec particles, ref State<TVec> s, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct =>
            PhiloxLanes.NormalPairs<TOps, TVec>(in s.Philox, particles, s.A, s.B, s.C, out z0, out z1);
    }

    private readonly struct Philox10QuadrantSource : INormalSource
    {
        public static void Prepare<TOps, TVec>(ulong seed, uint pair, ref State<TVec> s) where TOps : ISimdOps<TVec> where TVec : struct =>
            Philox10Source.Prepare<TOps, TVec>(seed, pair, ref s);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pair<TOps, TVec>(TVec particles, ref State<TVec> s, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
        {
            PhiloxLanes.Generate<TOps, TVec>(in s.Philox, particles, s.A, s.B, s.C, out var a, out var b, out var c, out var d);
            MixLanes.BoxMuller<TOps, TVec>(TOps.Or(TOps.ShiftLeft(a, 32), b), TOps.Or(TOps.ShiftLeft(c, 32), d), out z0, out z1);
        }
    }

    private readonly struct Philox10UniformSource : INormalSource
    {
        public static void Prepare<TOps, TVec>(ulong seed, uint pair, ref State<TVec> s) where TOps : ISimdOps<TVec> where TVec : struct =>
            Philox10Source.Prepare<TOps, TVec>(seed, pair, ref s);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pair<TOps, TVec>(TVec particles, ref State<TVec> s, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
        {
            PhiloxLanes.Generate<TOps, TVec>(in s.Philox, particles, s.A, s.B, s.C, out var a, out var b, out var c, out var d);
            z0 = PhiloxLanes.ToUnit<TOps, TVec>(a, b);
            z1 = PhiloxLanes.ToUnit<TOps, TVec>(c, d);
        }
    }

    /// <summary>Philox4x32 with seven rounds (the same round function and key schedule as <see cref="PhiloxLanes"/>).</summary>
    private readonly struct Philox7Source : INormalSource
    {
        private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

        public static void Prepare<TOps, TVec>(ulong seed, uint pair, ref State<TVec> s) where TOps : ISimdOps<TVec> where TVec : struct
        {
            unchecked
            {
                var (k0, k1) = ((uint)seed, (uint)(seed >> 32));
                (s.K0, s.L0) = (TOps.BroadcastBits(k0), TOps.BroadcastBits(k1));
                (s.K1, s.L1) = (TOps.BroadcastBits(k0 + W0), TOps.BroadcastBits(k1 + W1));
                (s.K2, s.L2) = (TOps.BroadcastBits(k0 + 2 * W0), TOps.BroadcastBits(k1 + 2 * W1));
                (s.K3, s.L3) = (TOps.BroadcastBits(k0 + 3 * W0), TOps.BroadcastBits(k1 + 3 * W1));
                (s.K4, s.L4) = (TOps.BroadcastBits(k0 + 4 * W0), TOps.BroadcastBits(k1 + 4 * W1));
                (s.K5, s.L5) = (TOps.BroadcastBits(k0 + 5 * W0), TOps.BroadcastBits(k1 + 5 * W1));
                (s.K6, s.L6) = (TOps.BroadcastBits(k0 + 6 * W0), TOps.BroadcastBits(k1 + 6 * W1));
            }
            (s.A, s.B, s.C) = (TOps.BroadcastBits(pair), TOps.BroadcastBits(0), TOps.BroadcastBits(LaneNormals.FirstStream));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Round<TOps, TVec>(ref TVec x0, ref TVec x1, ref TVec x2, ref TVec x3, TVec ka, TVec kb) where TOps : ISimdOps<TVec> where TVec : struct
        {
            var p0 = TOps.MultiplyLow32(x0, TOps.BroadcastBits(M0));
            var p1 = TOps.MultiplyLow32(x2, TOps.BroadcastBits(M1));
            x0 = TOps.Xor(TOps.Xor(TOps.ShiftRight(p1, 32), x1), ka);
            x2 = TOps.Xor(TOps.Xor(TOps.ShiftRight(p0, 32), x3), kb);
            x1 = p1;
            x3 = p0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pair<TOps, TVec>(TVec particles, ref State<TVec> s, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
        {
            var (x0, x1, x2, x3) = (particles, s.A, s.B, s.C);
            Round<TOps, TVec>(ref x0, ref x1, ref x2, ref x3, s.K0, s.L0);
            Round<TOps, TVec>(ref x0, ref x1, ref x2, ref x3, s.K1, s.L1);
            Round<TOps, TVec>(ref x0, ref x1, ref x2, ref x3, s.K2, s.L2);
            Round<TOps, TVec>(ref x0, ref x1, ref x2, ref x3, s.K3, s.L3);
            Round<TOps, TVec>(ref x0, ref x1, ref x2, ref x3, s.K4, s.L4);
            Round<TOps, TVec>(ref x0, ref x1, ref x2, ref x3, s.K5, s.L5);
            Round<TOps, TVec>(ref x0, ref x1, ref x2, ref x3, s.K6, s.L6);
            var low32 = TOps.BroadcastBits(0xFFFF_FFFFUL);
            PhiloxLanes.BoxMuller<TOps, TVec>(PhiloxLanes.ToUnit<TOps, TVec>(TOps.And(x0, low32), TOps.And(x1, low32)),
                PhiloxLanes.ToUnit<TOps, TVec>(TOps.And(x2, low32), TOps.And(x3, low32)), out z0, out z1);
        }
    }

    private readonly struct Mix2QuadrantSource : INormalSource
    {
        public static void Prepare<TOps, TVec>(ulong seed, uint pair, ref State<TVec> s) where TOps : ISimdOps<TVec> where TVec : struct
        {
            var (k0, k1) = MixLanes.Key(seed, 0, LaneNormals.FirstStream);
            (s.A, s.B) = (TOps.BroadcastBits(k0 ^ ((ulong)pair << 32)), TOps.BroadcastBits(k1));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pair<TOps, TVec>(TVec particles, ref State<TVec> s, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct =>
            MixLanes.NormalPairs<TOps, TVec>(TOps.ShiftLeft(particles, 1), s.A, s.B, out z0, out z1);
    }

    private readonly struct Mix2FdlibmSource : INormalSource
    {
        public static void Prepare<TOps, TVec>(ulong seed, uint pair, ref State<TVec> s) where TOps : ISimdOps<TVec> where TVec : struct =>
            Mix2QuadrantSource.Prepare<TOps, TVec>(seed, pair, ref s);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pair<TOps, TVec>(TVec particles, ref State<TVec> s, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
        {
            Hash2<TOps, TVec>(particles, ref s, out var x0, out var x1);
            PhiloxLanes.BoxMuller<TOps, TVec>(MixLanes.ToUnit<TOps, TVec>(x0), MixLanes.ToUnit<TOps, TVec>(x1), out z0, out z1);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Hash2<TOps, TVec>(TVec particles, ref State<TVec> s, out TVec x0, out TVec x1) where TOps : ISimdOps<TVec> where TVec : struct
        {
            var c0 = TOps.Xor(TOps.ShiftLeft(particles, 1), s.A);
            var c1 = TOps.Xor(c0, TOps.BroadcastBits(1UL));
            x0 = MixLanes.Mix<TOps, TVec>(TOps.Xor(MixLanes.Mix<TOps, TVec>(c0), s.B));
            x1 = MixLanes.Mix<TOps, TVec>(TOps.Xor(MixLanes.Mix<TOps, TVec>(c1), s.B));
        }
    }

    private readonly struct Mix2UniformSource : INormalSource
    {
        public static void Prepare<TOps, TVec>(ulong seed, uint pair, ref State<TVec> s) where TOps : ISimdOps<TVec> where TVec : struct =>
            Mix2QuadrantSource.Prepare<TOps, TVec>(seed, pair, ref s);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pair<TOps, TVec>(TVec particles, ref State<TVec> s, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
        {
            Mix2FdlibmSource.Hash2<TOps, TVec>(particles, ref s, out var x0, out var x1);
            (z0, z1) = (MixLanes.ToUnit<TOps, TVec>(x0), MixLanes.ToUnit<TOps, TVec>(x1));
        }
    }

    /// <summary>SplitMix64's output at index c of the key's sequence: mix(k + c·γ), c = pair·2³² + 2p + j.</summary>
    private readonly struct Mix1QuadrantSource : INormalSource
    {
        public static void Prepare<TOps, TVec>(ulong seed, uint pair, ref State<TVec> s) where TOps : ISimdOps<TVec> where TVec : struct
        {
            var (k0, _) = MixLanes.Key(seed, 0, LaneNormals.FirstStream);
            (s.A, s.B) = (TOps.BroadcastBits(unchecked(k0 + ((ulong)pair << 32) * 0x9E3779B97F4A7C15UL)), TOps.BroadcastBits(0x9E3779B97F4A7C15UL));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Pair<TOps, TVec>(TVec particles, ref State<TVec> s, out TVec z0, out TVec z1) where TOps : ISimdOps<TVec> where TVec : struct
        {
            var x0 = TOps.AddBits(s.A, TOps.MultiplyBits(TOps.ShiftLeft(particles, 1), s.B));
            var x1 = TOps.AddBits(x0, s.B);
            MixLanes.BoxMuller<TOps, TVec>(MixLanes.Mix<TOps, TVec>(x0), MixLanes.Mix<TOps, TVec>(x1), out z0, out z1);
        }
    }
}
