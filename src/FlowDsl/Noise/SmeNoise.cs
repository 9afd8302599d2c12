namespace FlowDsl.Noise;

/// <summary>
/// SME noise √(α/B) Σ(x)^{1/2} dW with the symmetric PSD root of Σ(x) = E[GGᵀ] (math.md §2.1), d Brownian motions.
/// For small d: Σ^{1/2} comes from an eigendecomposition per evaluation (Jacobi; Householder + QL when Σ is a sum over node
/// lanes), or once when Σ does not depend on x (<see cref="ConstantKernel"/>, e.g. R = ½|x − θ|²: G = θ − Eθ).
/// </summary>
internal sealed partial class SmeNoise<TModel> : NoiseField where TModel : IRiskModel
{
    private readonly MeanRisk<TModel> _mean;
    private readonly double _scale;
    private readonly double[] _sigma, _root, _work;
    private readonly string _description;
    private readonly bool _constant;
    private readonly bool _tridiagonal;

    public SmeNoise(MeanRisk<TModel> mean, double scale, string description = "Σ(x)^{1/2} dW (symmetric root)") : base(mean.Dimension, mean.Dimension)
    {
        Nodes = NodeGradientCache<TModel>.For(mean); // one model call per node, shared with the drift at the same x
        _description = description;
        _mean = mean;
        _scale = scale;
        var d = mean.Dimension;
        _sigma = new double[d * d];
        _root = new double[d * d];
        _work = new double[Math.Max(2 * d * d + d, TridiagonalEigen.WorkLength(d))];
        _constant = ConstantKernel(mean);
        // With node lanes Σ(x) costs a few µs, and Jacobi's root would cost more than the means: tred2/tql2 (the same root
        // up to rounding). Elsewhere the Jacobi root stays, so the studies without node sums keep their bits.
        _tridiagonal = Nodes is not null && mean.HasNodeLanes;
        if (_constant)
        {
            _mean.NoiseKernel(new double[d], new double[d], _sigma);
            SymmetricEigen.SquareRoot(_sigma, d, _root, _work);
        }
    }

    /// <summary>
    /// Whether Σ(x) = J(x) Cov(θ) J(x)ᵀ is the same for every x: ∇R affine in θ and in x (so J(x)u = J(0)u + A′(u)x is affine
    /// in x) and J(x)u bit-equal to J(0)u for every root column u at x = eₖ and x = 2²⁰eₖ, which for an affine map means
    /// A′(u) = 0 (to within 2⁻⁷⁰ of |J(0)u|). Then the root is computed once, from the same products as every step would.
    /// </summary>
    private static bool ConstantKernel(MeanRisk<TModel> mean)
    {
        if (mean.Method != MeanMethod.AffineInData || !TModel.Structure.IsAffineInParameters) return false;
        var d = mean.Dimension;
        var x = new double[d];
        var at0 = new double[d];
        var atX = new double[d];
        foreach (var u in mean.RootColumns)
        {
            Array.Clear(x);
            TModel.DataJacobianProduct(x, mean.DataMean, u, at0);
            for (var k = 0; k < d; k++)
                foreach (var scale in (ReadOnlySpan<double>)[1.0, 1048576.0])
                {
                    Array.Clear(x);
                    x[k] = scale;
                    TModel.DataJacobianProduct(x, mean.DataMean, u, atX);
                    for (var i = 0; i < d; i++)
                        if (BitConverter.DoubleToInt64Bits(atX[i]) != BitConverter.DoubleToInt64Bits(at0[i])) return false;
                }
        }
        return true;
    }

    public override string Description => _description;

    /// <summary>The node-gradient cache of this thread (null when the means have an affine shortcut): the drift may share it.</summary>
    public NodeGradientCache<TModel>? Nodes { get; }

    private void Root(ReadOnlySpan<double> x)
    {
        if (_constant) return;
        if (Nodes is not null) Nodes.Kernel(x, _sigma);
        else _mean.NoiseKernel(x, x, _sigma);
        if (_tridiagonal) TridiagonalEigen.SquareRoot(_sigma, Dimension, _root, _work);
        else SymmetricEigen.SquareRoot(_sigma, Dimension, _root, _work);
    }

    public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result)
    {
        // ApplyScalarBlock (SmeNoise.Scalar.cs) repeats these operations for d = 1.
        Root(x);
        var d = Dimension;
        for (var i = 0; i < d; i++)
        {
            double sum = 0;
            for (var j = 0; j < d; j++) sum += _root[i * d + j] * dW[j];
            result[i] = _scale * sum;
        }
    }

    public override void Columns(ReadOnlySpan<double> x, Span<double> columns)
    {
        Root(x);
        var d = Dimension;
        for (var j = 0; j < d; j++)
            for (var i = 0; i < d; i++) columns[j * d + i] = _scale * _root[i * d + j];
    }
}
