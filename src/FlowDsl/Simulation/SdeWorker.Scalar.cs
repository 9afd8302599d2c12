using FlowDsl.Noise;

namespace FlowDsl.Simulation;

/// <summary>
/// The d = 1 block form of <see cref="SdeWorker{TModel}"/> (<see cref="Schemes.IScalarSdeCoefficients"/>): the drift of a
/// block of points in one call, with the operations of <see cref="Drift"/> written out for scalars when ∇R is affine in x
/// (no span or call per point), and the noise through <see cref="NoiseField.ApplyScalarBlock"/>.
/// </summary>
internal sealed partial class SdeWorker<TModel>
{
    public void DriftBlock(ReadOnlySpan<double> x, Span<double> a)
    {
        if (Dimension != 1) throw new InvalidOperationException($"A block of scalar points needs d = 1, not d = {Dimension}.");
        if (_nodes is null && _mean.ScalarAffine is { } affine)
        {
            var (matrix, offset) = affine;
            // MeanRisk.Gradient: g = (0 + Ā·x) − c̄; HessianVectorProduct: Āg = 0 + Ā·g; then Drift's −g or −g − (α/2)Āg.
            if (_order < 2)
            {
                for (var p = 0; p < x.Length; p++) a[p] = -(0.0 + matrix * x[p] - offset);
                return;
            }
            var half = _alpha / 2;
            for (var p = 0; p < x.Length; p++)
            {
                var g = 0.0 + matrix * x[p] - offset;
                a[p] = -g - half * (0.0 + matrix * g);
            }
            return;
        }
        for (var p = 0; p < x.Length; p++) Drift(x.Slice(p, 1), a.Slice(p, 1));
    }

    public void DiffusionBlock(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, int pointsPerIncrement, Span<double> b)
    {
        if (Noise is null) b[..x.Length].Clear();
        else Noise.ApplyScalarBlock(x, dW, pointsPerIncrement, b);
    }
}
