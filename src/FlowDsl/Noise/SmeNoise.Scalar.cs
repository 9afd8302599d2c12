namespace FlowDsl.Noise;

/// <summary>
/// <see cref="NoiseField.ApplyScalarBlock"/> of the SME noise for d = 1, where Σ(x) is a number and its root √max(0, Σ):
/// the operations of <see cref="Apply"/> (<see cref="MeanRisk{TModel}.NoiseKernel"/>, <see cref="SymmetricEigen.SquareRoot"/>,
/// the product with dW) written out for scalars when Σ is constant or affine in θ; any other Σ(x) goes through the per-point path.
/// </summary>
internal sealed partial class SmeNoise<TModel>
{
    public override void ApplyScalarBlock(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, int pointsPerIncrement, Span<double> result)
    {
        if (Dimension != 1 || Nodes is not null || !(_constant || _mean.Method == MeanMethod.AffineInData)) // the base refuses d ≠ 1
        {
            base.ApplyScalarBlock(x, dW, pointsPerIncrement, result);
            return;
        }
        var columns = _mean.RootColumns;
        var dataMean = _mean.DataMean;
        for (int first = 0, row = 0; first < x.Length; first += pointsPerIncrement, row++)
        {
            var w = dW[row];
            var end = Math.Min(first + pointsPerIncrement, x.Length);
            if (_constant)
            {
                // Apply: sum = 0 + root·dW, then scale·sum.
                for (var p = first; p < end; p++) result[p] = _scale * (0.0 + _root[0] * w);
                continue;
            }
            for (var p = first; p < end; p++)
            {
                // NoiseKernel: Σ = 0 + Σᵤ (1·J(x)u)·J(x)u over the root columns u (AddOuter's order); SquareRoot for n = 1.
                var point = x[p];
                double sigma = 0, product = 0;
                for (var k = 0; k < columns.Length; k++)
                {
                    TModel.DataJacobianProduct(new ReadOnlySpan<double>(in point), dataMean, columns[k], new Span<double>(ref product));
                    sigma += 1.0 * product * product;
                }
                result[p] = _scale * (0.0 + Math.Sqrt(Math.Max(0, sigma)) * w);
            }
        }
    }
}
