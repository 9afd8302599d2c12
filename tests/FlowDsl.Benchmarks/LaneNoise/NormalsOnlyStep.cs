using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.Benchmarks.LaneNoise;

/// <summary>The number K of per-lane normals a <see cref="NormalsOnlyStep{TCount}"/> draws.</summary>
public interface INormalCount { static abstract int Value { get; } }

/// <summary>K = 1 (SME of a one-factor model).</summary>
public readonly struct OneNormal : INormalCount { public static int Value => 1; }
/// <summary>K = 3 (independent SGD of a 3-component Gaussian θ).</summary>
public readonly struct ThreeNormals : INormalCount { public static int Value => 3; }
/// <summary>K = 5 (SME of linear regression, five θ-factors).</summary>
public readonly struct FiveNormals : INormalCount { public static int Value => 5; }

/// <summary>
/// A lane step that only consumes its K per-lane normals (x ← x + Σₘ zₘ, so the JIT cannot drop them): through the same
/// driver, the cost of drawing the normals of a K-normal step alone. The generated step's time over this one is the
/// step's cost over its normals' (issue 14 target: ≤ 1.25).
/// </summary>
public readonly struct NormalsOnlyStep<TCount> : ILaneStep where TCount : INormalCount
{
    public static string Name => $"normals only (K = {TCount.Value})";
    public static int Dimension => 1;
    public static int ParameterCount => 0;
    public static int InputLength => 0;
    public static int ConstantCount => 0;
    public static int LaneNormalCount => TCount.Value;

    public static void PrepareStep(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> constants) { }

    public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants) where TOps : ISimdOps<TVec> where TVec : struct =>
        throw new NotSupportedException("reads per-lane normals");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TOps, TVec>(ref LaneTile<TVec> x, ReadOnlySpan<double> constants, in LaneTile<TVec> normals)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        var sum = normals.X0;
        if (TCount.Value > 1) sum = TOps.Add(sum, normals.X1);
        if (TCount.Value > 2) sum = TOps.Add(sum, normals.X2);
        if (TCount.Value > 3) sum = TOps.Add(sum, normals.X3);
        if (TCount.Value > 4) sum = TOps.Add(sum, normals.X4);
        x.X0 = TOps.Add(x.X0, sum);
    }
}
