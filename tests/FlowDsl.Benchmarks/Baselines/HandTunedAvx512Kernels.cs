using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FlowDsl.Benchmarks.Baselines;

/// <summary>
/// Hand-tuned fused AVX-512 kernels written directly against <see cref="Vector512{T}"/> (not through the lane interfaces),
/// the reference speed for issue 4: SoA state, per-step constants folded in scalar, tiles held in registers for a
/// chunk of steps (time fusion), several independent tiles to hide FMA latency, scalar tail with the same FMAs.
/// </summary>
internal static class HandTunedAvx512Kernels
{
    private const int Chunk = 256;

    /// <summary>SGD on ½|x − θ|², d = 2: x ← fma(x, 1 − α, αθ). State SoA, length 2n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void QuadraticSgd2(double[] state, double α, ReadOnlySpan<double> thetas, int steps)
    {
        var n = state.Length / 2;
        var c = new double[steps * 3];
        for (var s = 0; s < steps; s++) (c[3 * s], c[3 * s + 1], c[3 * s + 2]) = (1 - α, α * thetas[2 * s], α * thetas[2 * s + 1]);
        ref var x0 = ref state[0];
        ref var x1 = ref state[n];
        for (var first = 0; first < steps; first += Chunk)
        {
            var last = Math.Min(steps, first + Chunk);
            var p = 0;
            for (; p + 32 <= n; p += 32)
            {
                var a0 = Vector512.LoadUnsafe(ref x0, (nuint)p); var a1 = Vector512.LoadUnsafe(ref x1, (nuint)p);
                var b0 = Vector512.LoadUnsafe(ref x0, (nuint)p + 8); var b1 = Vector512.LoadUnsafe(ref x1, (nuint)p + 8);
                var e0 = Vector512.LoadUnsafe(ref x0, (nuint)p + 16); var e1 = Vector512.LoadUnsafe(ref x1, (nuint)p + 16);
                var f0 = Vector512.LoadUnsafe(ref x0, (nuint)p + 24); var f1 = Vector512.LoadUnsafe(ref x1, (nuint)p + 24);
                for (var s = first; s < last; s++)
                {
                    var keep = Vector512.Create(c[3 * s]);
                    var t0 = Vector512.Create(c[3 * s + 1]);
                    var t1 = Vector512.Create(c[3 * s + 2]);
                    a0 = Vector512.FusedMultiplyAdd(a0, keep, t0); a1 = Vector512.FusedMultiplyAdd(a1, keep, t1);
                    b0 = Vector512.FusedMultiplyAdd(b0, keep, t0); b1 = Vector512.FusedMultiplyAdd(b1, keep, t1);
                    e0 = Vector512.FusedMultiplyAdd(e0, keep, t0); e1 = Vector512.FusedMultiplyAdd(e1, keep, t1);
                    f0 = Vector512.FusedMultiplyAdd(f0, keep, t0); f1 = Vector512.FusedMultiplyAdd(f1, keep, t1);
                }
                a0.StoreUnsafe(ref x0, (nuint)p); a1.StoreUnsafe(ref x1, (nuint)p);
                b0.StoreUnsafe(ref x0, (nuint)p + 8); b1.StoreUnsafe(ref x1, (nuint)p + 8);
                e0.StoreUnsafe(ref x0, (nuint)p + 16); e1.StoreUnsafe(ref x1, (nuint)p + 16);
                f0.StoreUnsafe(ref x0, (nuint)p + 24); f1.StoreUnsafe(ref x1, (nuint)p + 24);
            }
            for (; p < n; p++)
                for (var s = first; s < last; s++)
                {
                    state[p] = Math.FusedMultiplyAdd(state[p], c[3 * s], c[3 * s + 1]);
                    state[n + p] = Math.FusedMultiplyAdd(state[n + p], c[3 * s], c[3 * s + 2]);
                }
        }
    }

    /// <summary>SGD on ½|x − θ|², d = 8: x ← fma(x, 1 − α, αθ), two tiles of 8 lanes (16 registers). State SoA, length 8n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void QuadraticSgd8(double[] state, double α, ReadOnlySpan<double> thetas, int steps)
    {
        const int d = 8;
        var n = state.Length / d;
        var c = new double[steps * (d + 1)];
        for (var s = 0; s < steps; s++)
        {
            c[s * (d + 1)] = 1 - α;
            for (var i = 0; i < d; i++) c[s * (d + 1) + 1 + i] = α * thetas[s * d + i];
        }
        ref var x = ref state[0];
        var stride = (nuint)n;
        for (var first = 0; first < steps; first += Chunk)
        {
            var last = Math.Min(steps, first + Chunk);
            var p = 0;
            for (; p + 16 <= n; p += 16)
            {
                var q = (nuint)p;
                var a0 = Vector512.LoadUnsafe(ref x, q); var a1 = Vector512.LoadUnsafe(ref x, q + stride);
                var a2 = Vector512.LoadUnsafe(ref x, q + 2 * stride); var a3 = Vector512.LoadUnsafe(ref x, q + 3 * stride);
                var a4 = Vector512.LoadUnsafe(ref x, q + 4 * stride); var a5 = Vector512.LoadUnsafe(ref x, q + 5 * stride);
                var a6 = Vector512.LoadUnsafe(ref x, q + 6 * stride); var a7 = Vector512.LoadUnsafe(ref x, q + 7 * stride);
                var b0 = Vector512.LoadUnsafe(ref x, q + 8); var b1 = Vector512.LoadUnsafe(ref x, q + 8 + stride);
                var b2 = Vector512.LoadUnsafe(ref x, q + 8 + 2 * stride); var b3 = Vector512.LoadUnsafe(ref x, q + 8 + 3 * stride);
                var b4 = Vector512.LoadUnsafe(ref x, q + 8 + 4 * stride); var b5 = Vector512.LoadUnsafe(ref x, q + 8 + 5 * stride);
                var b6 = Vector512.LoadUnsafe(ref x, q + 8 + 6 * stride); var b7 = Vector512.LoadUnsafe(ref x, q + 8 + 7 * stride);
                for (var s = first; s < last; s++)
                {
                    var k = s * (d + 1);
                    var keep = Vector512.Create(c[k]);
                    var t = Vector512.Create(c[k + 1]); a0 = Vector512.FusedMultiplyAdd(a0, keep, t); b0 = Vector512.FusedMultiplyAdd(b0, keep, t);
                    t = Vector512.Create(c[k + 2]); a1 = Vector512.FusedMultiplyAdd(a1, keep, t); b1 = Vector512.FusedMultiplyAdd(b1, keep, t);
                    t = Vector512.Create(c[k + 3]); a2 = Vector512.FusedMultiplyAdd(a2, keep, t); b2 = Vector512.FusedMultiplyAdd(b2, keep, t);
                    t = Vector512.Create(c[k + 4]); a3 = Vector512.FusedMultiplyAdd(a3, keep, t); b3 = Vector512.FusedMultiplyAdd(b3, keep, t);
                    t = Vector512.Create(c[k + 5]); a4 = Vector512.FusedMultiplyAdd(a4, keep, t); b4 = Vector512.FusedMultiplyAdd(b4, keep, t);
                    t = Vector512.Create(c[k + 6]); a5 = Vector512.FusedMultiplyAdd(a5, keep, t); b5 = Vector512.FusedMultiplyAdd(b5, keep, t);
                    t = Vector512.Create(c[k + 7]); a6 = Vector512.FusedMultiplyAdd(a6, keep, t); b6 = Vector512.FusedMultiplyAdd(b6, keep, t);
                    t = Vector512.Create(c[k + 8]); a7 = Vector512.FusedMultiplyAdd(a7, keep, t); b7 = Vector512.FusedMultiplyAdd(b7, keep, t);
                }
                a0.StoreUnsafe(ref x, q); a1.StoreUnsafe(ref x, q + stride); a2.StoreUnsafe(ref x, q + 2 * stride); a3.StoreUnsafe(ref x, q + 3 * stride);
                a4.StoreUnsafe(ref x, q + 4 * stride); a5.StoreUnsafe(ref x, q + 5 * stride); a6.StoreUnsafe(ref x, q + 6 * stride); a7.StoreUnsafe(ref x, q + 7 * stride);
                b0.StoreUnsafe(ref x, q + 8); b1.StoreUnsafe(ref x, q + 8 + stride); b2.StoreUnsafe(ref x, q + 8 + 2 * stride); b3.StoreUnsafe(ref x, q + 8 + 3 * stride);
                b4.StoreUnsafe(ref x, q + 8 + 4 * stride); b5.StoreUnsafe(ref x, q + 8 + 5 * stride); b6.StoreUnsafe(ref x, q + 8 + 6 * stride); b7.StoreUnsafe(ref x, q + 8 + 7 * stride);
            }
            for (; p < n; p++)
                for (var s = first; s < last; s++)
                    for (var i = 0; i < d; i++)
                        state[i * n + p] = Math.FusedMultiplyAdd(state[i * n + p], c[s * (d + 1)], c[s * (d + 1) + 1 + i]);
        }
    }

    /// <summary>
    /// SH2 for the Multiplicative SMF-2 dY = −(1 + α/2)Y dt − √α Y dβ with folded per-step constants: with A = −(1 + α/2)h,
    /// B = −√α·ΔW, Ȳ = Y(1 + A + B), Ŷ = Y(1 + A/2), Y' = Y + (A/2)(Ȳ + Y) + B·Ŷ, i.e. per lane
    /// Y' = fma(A/2, Y·P + Y, fma(Y, Q, Y)) with P = 1 + A + B, Q = B(1 + A/2); four tiles of 8 lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplicativeSh2(double[] y, double α, double h, ReadOnlySpan<double> ΔW, int steps)
    {
        var n = y.Length;
        var c = new double[steps * 3];
        for (var s = 0; s < steps; s++)
        {
            var a = -(1 + 0.5 * α) * h;
            var b = -Math.Sqrt(α) * ΔW[s];
            (c[3 * s], c[3 * s + 1], c[3 * s + 2]) = (1 + a + b, 0.5 * a, b * (1 + 0.5 * a));
        }
        ref var origin = ref y[0];
        for (var first = 0; first < steps; first += Chunk)
        {
            var last = Math.Min(steps, first + Chunk);
            var p = 0;
            for (; p + 32 <= n; p += 32)
            {
                var q = (nuint)p;
                var v0 = Vector512.LoadUnsafe(ref origin, q); var v1 = Vector512.LoadUnsafe(ref origin, q + 8);
                var v2 = Vector512.LoadUnsafe(ref origin, q + 16); var v3 = Vector512.LoadUnsafe(ref origin, q + 24);
                for (var s = first; s < last; s++)
                {
                    var P = Vector512.Create(c[3 * s]);
                    var halfA = Vector512.Create(c[3 * s + 1]);
                    var Q = Vector512.Create(c[3 * s + 2]);
                    v0 = Vector512.FusedMultiplyAdd(halfA, v0 * P + v0, Vector512.FusedMultiplyAdd(v0, Q, v0));
                    v1 = Vector512.FusedMultiplyAdd(halfA, v1 * P + v1, Vector512.FusedMultiplyAdd(v1, Q, v1));
                    v2 = Vector512.FusedMultiplyAdd(halfA, v2 * P + v2, Vector512.FusedMultiplyAdd(v2, Q, v2));
                    v3 = Vector512.FusedMultiplyAdd(halfA, v3 * P + v3, Vector512.FusedMultiplyAdd(v3, Q, v3));
                }
                v0.StoreUnsafe(ref origin, q); v1.StoreUnsafe(ref origin, q + 8);
                v2.StoreUnsafe(ref origin, q + 16); v3.StoreUnsafe(ref origin, q + 24);
            }
            for (; p < n; p++)
                for (var s = first; s < last; s++)
                {
                    var v = y[p];
                    y[p] = Math.FusedMultiplyAdd(c[3 * s + 1], v * c[3 * s] + v, Math.FusedMultiplyAdd(v, c[3 * s + 2], v));
                }
        }
    }

    /// <summary>
    /// SH2 for the SMF-2 of linear regression R = ½(a·y − b)², d = 2, under an empirical P of N atoms (aⱼ, bⱼ) with
    /// weights pⱼ, derived by hand: with A = Σⱼ pⱼ aⱼaⱼᵀ, c = Σⱼ pⱼ aⱼbⱼ, the drift is −By + e with B = (I + (α/2)A)A,
    /// e = (I + (α/2)A)c, and the shared noise √α·ΔI(y) = Ẑy − ẑ with Ẑ = √(αh) Σⱼ √pⱼ ξⱼ (A − aⱼaⱼᵀ),
    /// ẑ = √(αh) Σⱼ √pⱼ ξⱼ (c − aⱼbⱼ) (O(N) once per step). SH2 is then affine: y' = Qy + q with
    /// Q = I − (h/2)B(2I − hB + Ẑ) + Ẑ(I − (h/2)B), q = he − (h/2)B(he − ẑ) + (h/2)Ẑe − ẑ — two FMAs per coordinate,
    /// four tiles of 8 lanes. State SoA, length 2n; ξ is step-major (steps × N).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RegressionSmf2(double[] state, double α, double h, double[][] atoms, double[] weights, ReadOnlySpan<double> ξ, int steps)
    {
        var n = state.Length / 2;
        var atomCount = atoms.Length;
        double a00 = 0, a01 = 0, a11 = 0, c0 = 0, c1 = 0;
        for (var j = 0; j < atomCount; j++)
        {
            var (u, v, b) = (atoms[j][0], atoms[j][1], atoms[j][2]);
            a00 += weights[j] * u * u; a01 += weights[j] * u * v; a11 += weights[j] * v * v;
            c0 += weights[j] * u * b; c1 += weights[j] * v * b;
        }
        // S = I + (α/2)A, B = S·A, e = S·c.
        double s00 = 1 + 0.5 * α * a00, s01 = 0.5 * α * a01, s11 = 1 + 0.5 * α * a11;
        double b00 = s00 * a00 + s01 * a01, b01 = s00 * a01 + s01 * a11, b10 = s01 * a00 + s11 * a01, b11 = s01 * a01 + s11 * a11;
        double e0 = s00 * c0 + s01 * c1, e1 = s01 * c0 + s11 * c1;
        var scale = Math.Sqrt(α * h);
        var k = new double[steps * 6];
        for (var s = 0; s < steps; s++)
        {
            double z00 = 0, z01 = 0, z11 = 0, w0 = 0, w1 = 0, total = 0;
            for (var j = 0; j < atomCount; j++)
            {
                var f = scale * Math.Sqrt(weights[j]) * ξ[s * atomCount + j];
                var (u, v, b) = (atoms[j][0], atoms[j][1], atoms[j][2]);
                total += f;
                z00 -= f * u * u; z01 -= f * u * v; z11 -= f * v * v;
                w0 -= f * u * b; w1 -= f * v * b;
            }
            // Ẑ = total·A − Σ f aaᵀ, ẑ = total·c − Σ f a b.
            z00 += total * a00; z01 += total * a01; z11 += total * a11; w0 += total * c0; w1 += total * c1;
            var hh = 0.5 * h;
            // P = I − hB + Ẑ; M = I − (h/2)B.
            double p00 = 1 - h * b00 + z00, p01 = -h * b01 + z01, p10 = -h * b10 + z01, p11 = 1 - h * b11 + z11;
            double m00 = 1 - hh * b00, m01 = -hh * b01, m10 = -hh * b10, m11 = 1 - hh * b11;
            // Q = M − (h/2)B·P + Ẑ·M.
            var q00 = m00 - hh * (b00 * p00 + b01 * p10) + (z00 * m00 + z01 * m10);
            var q01 = m01 - hh * (b00 * p01 + b01 * p11) + (z00 * m01 + z01 * m11);
            var q10 = m10 - hh * (b10 * p00 + b11 * p10) + (z01 * m00 + z11 * m10);
            var q11 = m11 - hh * (b10 * p01 + b11 * p11) + (z01 * m01 + z11 * m11);
            // q = he − (h/2)B(he − ẑ) + (h/2)Ẑe − ẑ.
            double r0 = h * e0 - w0, r1 = h * e1 - w1;
            var o0 = h * e0 - hh * (b00 * r0 + b01 * r1) + hh * (z00 * e0 + z01 * e1) - w0;
            var o1 = h * e1 - hh * (b10 * r0 + b11 * r1) + hh * (z01 * e0 + z11 * e1) - w1;
            (k[6 * s], k[6 * s + 1], k[6 * s + 2], k[6 * s + 3], k[6 * s + 4], k[6 * s + 5]) = (q00, q01, o0, q10, q11, o1);
        }
        ref var x0 = ref state[0];
        ref var x1 = ref state[n];
        for (var first = 0; first < steps; first += Chunk)
        {
            var last = Math.Min(steps, first + Chunk);
            var p = 0;
            for (; p + 32 <= n; p += 32)
            {
                var q = (nuint)p;
                var u0 = Vector512.LoadUnsafe(ref x0, q); var u1 = Vector512.LoadUnsafe(ref x0, q + 8);
                var u2 = Vector512.LoadUnsafe(ref x0, q + 16); var u3 = Vector512.LoadUnsafe(ref x0, q + 24);
                var v0 = Vector512.LoadUnsafe(ref x1, q); var v1 = Vector512.LoadUnsafe(ref x1, q + 8);
                var v2 = Vector512.LoadUnsafe(ref x1, q + 16); var v3 = Vector512.LoadUnsafe(ref x1, q + 24);
                for (var s = first; s < last; s++)
                {
                    var (k00, k01, l0) = (Vector512.Create(k[6 * s]), Vector512.Create(k[6 * s + 1]), Vector512.Create(k[6 * s + 2]));
                    var (k10, k11, l1) = (Vector512.Create(k[6 * s + 3]), Vector512.Create(k[6 * s + 4]), Vector512.Create(k[6 * s + 5]));
                    (u0, v0) = (Vector512.FusedMultiplyAdd(k00, u0, Vector512.FusedMultiplyAdd(k01, v0, l0)), Vector512.FusedMultiplyAdd(k10, u0, Vector512.FusedMultiplyAdd(k11, v0, l1)));
                    (u1, v1) = (Vector512.FusedMultiplyAdd(k00, u1, Vector512.FusedMultiplyAdd(k01, v1, l0)), Vector512.FusedMultiplyAdd(k10, u1, Vector512.FusedMultiplyAdd(k11, v1, l1)));
                    (u2, v2) = (Vector512.FusedMultiplyAdd(k00, u2, Vector512.FusedMultiplyAdd(k01, v2, l0)), Vector512.FusedMultiplyAdd(k10, u2, Vector512.FusedMultiplyAdd(k11, v2, l1)));
                    (u3, v3) = (Vector512.FusedMultiplyAdd(k00, u3, Vector512.FusedMultiplyAdd(k01, v3, l0)), Vector512.FusedMultiplyAdd(k10, u3, Vector512.FusedMultiplyAdd(k11, v3, l1)));
                }
                u0.StoreUnsafe(ref x0, q); u1.StoreUnsafe(ref x0, q + 8); u2.StoreUnsafe(ref x0, q + 16); u3.StoreUnsafe(ref x0, q + 24);
                v0.StoreUnsafe(ref x1, q); v1.StoreUnsafe(ref x1, q + 8); v2.StoreUnsafe(ref x1, q + 16); v3.StoreUnsafe(ref x1, q + 24);
            }
            for (; p < n; p++)
                for (var s = first; s < last; s++)
                {
                    var (u, v) = (state[p], state[n + p]);
                    state[p] = Math.FusedMultiplyAdd(k[6 * s], u, Math.FusedMultiplyAdd(k[6 * s + 1], v, k[6 * s + 2]));
                    state[n + p] = Math.FusedMultiplyAdd(k[6 * s + 3], u, Math.FusedMultiplyAdd(k[6 * s + 4], v, k[6 * s + 5]));
                }
        }
    }
}
