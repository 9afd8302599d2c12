namespace FlowDsl.Noise;

/// <summary>
/// <see cref="NoiseField.ApplyScalarBlock"/> of the affine SMF noise for d = 1: the operations of <see cref="Apply"/>, with
/// u = S^{1/2} dW formed once per increment row (it does not depend on x) and −J(x)u as one model call per point.
/// </summary>
internal sealed partial class SmfAffineNoise<TModel>
{
    public override void ApplyScalarBlock(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, int pointsPerIncrement, Span<double> result)
    {
        if (Dimension != 1) // the base refuses it
        {
            base.ApplyScalarBlock(x, dW, pointsPerIncrement, result);
            return;
        }
        var columns = _mean.RootColumns;
        var dataMean = _mean.DataMean;
        for (int first = 0, row = 0; first < x.Length; first += pointsPerIncrement, row++)
        {
            // u = S^{1/2} dW of this row (Apply's loops), shared by the row's points.
            var w = dW.Slice(row * Rank, Rank);
            for (var i = 0; i < _u.Length; i++) _u[i] = 0; // Array.Clear's +0, without its call for one or two entries
            for (var k = 0; k < Rank; k++)
            {
                var c = columns[k];
                for (var i = 0; i < _u.Length; i++) _u[i] += c[i] * w[k];
            }
            var end = Math.Min(first + pointsPerIncrement, x.Length);
            for (var p = first; p < end; p++)
            {
                var point = x[p];
                double product = 0;
                TModel.DataJacobianProduct(new ReadOnlySpan<double>(in point), dataMean, _u, new Span<double>(ref product));
                result[p] = product * -_scale;
            }
        }
    }
}
