namespace FlowDsl.Noise;

/// <summary>
/// <see cref="NoiseField.ApplyScalarBlock"/> of the affine SMF noise for d = 1: the operations of <see cref="Apply"/>, with
/// u = S^{1/2} dW formed once per increment row (it does not depend on x) and −J(x)u as one model call per point.
/// </summary>
internal sealed partial class SmfAffineNoise<TModel>
{
    public override void ApplyScalarBlock(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, int pointsPerIncrement, Span<double> result)
    {
        if (Dimension != 1)
        {
            base.ApplyScalarBlock(x, dW, pointsPerIncrement, result);
            return;
        }
        var columns = _mean.RootColumns;
        var dataMean = _mean.DataMean;
        var row = -1;
        for (var p = 0; p < x.Length; p++)
        {
            if (p / pointsPerIncrement != row)
            {
                row = p / pointsPerIncrement;
                var w = dW.Slice(row * Rank, Rank);
                Array.Clear(_u);
                for (var k = 0; k < Rank; k++)
                {
                    var c = columns[k];
                    for (var i = 0; i < _u.Length; i++) _u[i] += c[i] * w[k];
                }
            }
            var point = x[p];
            double product = 0;
            TModel.DataJacobianProduct(new ReadOnlySpan<double>(in point), dataMean, _u, new Span<double>(ref product));
            result[p] = product * -_scale;
        }
    }
}
