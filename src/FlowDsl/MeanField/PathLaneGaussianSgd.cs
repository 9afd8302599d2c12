using System.Runtime.CompilerServices;
using FlowDsl.Simd;

namespace FlowDsl.MeanField;

/// <summary>
/// <see cref="GaussianParticleSgd{TModel}"/> (the Euler–Maruyama step α of the DD-SF, math.md §4.4 M2) for
/// <c>TOps.Count</c> paths at once, one path per SIMD lane, with the scalar step's operations in its order:
/// <c>x ← x + (α V + α Σⱼ √pⱼ Gⱼ ξⱼ)</c>, so every path keeps the scalar bits.
/// </summary>
[SkipLocalsInit]
internal sealed class PathLaneGaussianSgd<TLanes, TOps, TVec> : PathLaneStepper<TLanes, TOps, TVec>
    where TLanes : ILaneFeature where TOps : ISimdOps<TVec> where TVec : struct
{
    private readonly TVec[] _noise;
    private readonly double _alpha;

    /// <summary>Gaussian SGD of n = <paramref name="particleCount"/> particles with step α.</summary>
    public PathLaneGaussianSgd(MeanFieldData data, int particleCount, double alpha)
        : base(data, particleCount, alpha, noisy: true)
    {
        _noise = new TVec[Evaluator.Length];
        _alpha = alpha;
    }

    /// <summary>Sets every lane to <paramref name="initial"/>.</summary>
    public void Start(ReadOnlySpan<double> initial)
    {
        for (var c = 0; c < X.Length; c++) X[c] = TOps.Broadcast(initial[c]);
    }

    /// <summary>One step of every lane with the normals <paramref name="laneXi"/> (lane l's ξ at [l·N ..]).</summary>
    public void StepWith(ReadOnlySpan<double> laneXi)
    {
        var count = Xi.Length;
        Span<double> gather = stackalloc double[TOps.Count];
        for (var j = 0; j < count; j++)
        {
            for (var l = 0; l < TOps.Count; l++) gather[l] = laneXi[l * count + j];
            Xi[j] = TOps.Load(in gather[0]);
        }
        Step();
    }

    /// <summary>One step of every lane with the normals <paramref name="xi"/> (ξⱼ of every lane in <c>xi[j]</c>).</summary>
    public void StepWith(ReadOnlySpan<TVec> xi)
    {
        xi.CopyTo(Xi);
        Step();
    }

    /// <summary>Lane l's configuration into <paramref name="destination"/>.</summary>
    public void Read(int lane, Span<double> destination)
    {
        for (var c = 0; c < X.Length; c++) destination[c] = Unsafe.Add(ref Unsafe.As<TVec, double>(ref X[c]), lane);
    }

    /// <inheritdoc/>
    protected override void Step()
    {
        // As GaussianParticleSgd.StepWith: ΔI with √h replaced by α, then + α V, then x + noise.
        Evaluator.ResidualsAndField(X);
        Evaluator.NoiseIncrement(Xi, _alpha, _noise);
        var alpha = TOps.Broadcast(_alpha);
        var field = Evaluator.Field;
        for (var c = 0; c < X.Length; c++) X[c] = TOps.Add(X[c], TOps.Add(TOps.Mul(field[c], alpha), _noise[c]));
    }
}
