namespace FlowDsl.Noise;

/// <summary>
/// Exact SMF noise for a law reproduced by finitely many atoms θⱼ with weights pⱼ (math.md §3.4 a):
/// ΔI(x) = Σⱼ √pⱼ G(x,θⱼ) ΔWʲ, scaled by √(α/B), one Brownian motion per atom, shared by every point.
/// The atoms are the support of a finitely supported P, or the nodes of a quadrature that is exact for the
/// degree-2p polynomial θ ↦ G(x,θ)G(y,θ)ᵀ: either way E[ΔI(x)ΔI(y)ᵀ] = hΣ(x,y) exactly, and a centred Gaussian field
/// is determined by that kernel.
/// </summary>
/// <remarks>
/// When ∇R is affine in x, G(x,θⱼ) = Dⱼx − eⱼ with Dⱼ = Ā − A(θⱼ), eⱼ = c̄ − c(θⱼ), so ΔI(x) = (ΣⱼξⱼDⱼ)x − Σⱼξⱼeⱼ: the
/// O(N·d²) reduction is done once per increment and shared by every point and every evaluation of the step
/// (BENCHMARKS.md P3; <see cref="AtomReductions"/> keeps the last few, so a block of paths with one increment each reuses
/// them too); each point then costs O(d²) whatever the number of atoms.
/// </remarks>
internal sealed class SmfAtomNoise<TModel> : NodeNoise<TModel> where TModel : IRiskModel
{
    private readonly string _what;
    private readonly AtomReductions? _reductions; // ΣⱼdWʲDⱼ and ΣⱼdWʲeⱼ per increment, when affine in x

    public SmfAtomNoise(MeanRisk<TModel> mean, Quadrature atoms, double scale, string what)
        : base(mean, atoms.Nodes, atoms.Weights.Select(w => scale * Math.Sqrt(w)).ToArray())
    {
        _what = what;
        var d = mean.Dimension;
        if (TModel.Structure.IsAffineInParameters && d <= 64)
        {
            var (jacobians, offsets) = Factor(mean, Nodes, Factors);
            _reductions = new AtomReductions(jacobians, offsets, d);
        }
    }

    /// <summary>Dⱼ = factorⱼ(Ā − A(θⱼ)) with A(θ)eₖ = ∇²R(0,θ)eₖ, and eⱼ = factorⱼ(c̄ − c(θⱼ)) with c(θ) = −∇R(0,θ).</summary>
    private static (double[][], double[][]) Factor(MeanRisk<TModel> mean, double[][] atoms, double[] factors)
    {
        var d = mean.Dimension;
        var zero = new double[d];
        var unit = new double[d];
        var column = new double[d];
        var meanOffset = new double[d];
        mean.Gradient(zero, meanOffset); // = −c̄
        var meanMatrix = new double[d * d];
        for (var k = 0; k < d; k++)
        {
            Array.Clear(unit);
            unit[k] = 1;
            mean.HessianVectorProduct(zero, unit, column);
            for (var i = 0; i < d; i++) meanMatrix[i * d + k] = column[i];
        }
        var jacobians = new double[atoms.Length][];
        var offsets = new double[atoms.Length][];
        for (var j = 0; j < atoms.Length; j++)
        {
            jacobians[j] = new double[d * d];
            offsets[j] = new double[d];
            TModel.Gradient(zero, atoms[j], column); // = −c(θⱼ)
            for (var i = 0; i < d; i++) offsets[j][i] = factors[j] * (column[i] - meanOffset[i]); // c̄ − c(θⱼ)
            for (var k = 0; k < d; k++)
            {
                Array.Clear(unit);
                unit[k] = 1;
                TModel.HessianVectorProduct(zero, atoms[j], unit, column);
                for (var i = 0; i < d; i++) jacobians[j][i * d + k] = factors[j] * (meanMatrix[i * d + k] - column[i]);
            }
        }
        return (jacobians, offsets);
    }

    public override string Description => $"Σⱼ √pⱼ G(x,θⱼ) dβⱼ over {Rank} {_what}";

    public override void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> dW, Span<double> result)
    {
        var d = Dimension;
        if (_reductions is not null)
        {
            _reductions.For(dW[..Rank], out var matrix, out var offset);
            for (var i = 0; i < d; i++)
            {
                var sum = -offset[i];
                for (var k = 0; k < d; k++) sum += matrix[i * d + k] * x[k];
                result[i] = sum;
            }
            return;
        }
        base.Apply(x, dW, result);
    }
}
