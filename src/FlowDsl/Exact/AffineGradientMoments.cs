namespace FlowDsl.Exact;

/// <summary>
/// The θ-moments of a gradient that is affine in x, ∇R(x,θ) = A(θ)x − c(θ) (math.md §6.1): Ā = E A, c̄ = E c and the
/// second moments E[Aᵢⱼ Aₖₗ], E[Aᵢⱼ cₖ], E[cᵢ cₖ]. With them the first and second moments of SGD and of the SME/SMF
/// models are exact (<see cref="ExactMoments"/>). Immutable; getters return copies.
/// </summary>
/// <remarks>
/// A(θ) = ∇²ₓR(·,θ) is a Hessian, so Ā must be symmetric. The centred moments E[ÃÃ], E[Ãc̃], E[c̃c̃ᵀ]
/// (Ã = A − Ā, c̃ = c − c̄) that drive the SDE noise Σ(x,y) = E[(Ãx − c̃)(Ãy − c̃)ᵀ] are computed directly from
/// atoms when available (no cancellation), otherwise as E[AA] − Ā⊗Ā etc.
/// </remarks>
public sealed partial class AffineGradientMoments
{
    internal int D { get; }
    internal double[,] MeanAValues { get; }
    internal double[] MeanCValues { get; }
    internal double[,,,] SecondAAValues { get; }
    internal double[,,] SecondACValues { get; }
    internal double[,] SecondCCValues { get; }
    internal double[,,,] CentredAA { get; }
    internal double[,,] CentredAC { get; }
    internal double[,] CentredCC { get; }

    private AffineGradientMoments(double[,] meanA, double[] meanC, double[,,,] aa, double[,,] ac, double[,] cc,
        double[,,,] centredAA, double[,,] centredAC, double[,] centredCC)
    {
        D = meanC.Length;
        MeanAValues = meanA;
        MeanCValues = meanC;
        SecondAAValues = aa;
        SecondACValues = ac;
        SecondCCValues = cc;
        CentredAA = centredAA;
        CentredAC = centredAC;
        CentredCC = centredCC;
    }

    /// <summary>The dimension d of x.</summary>
    public int Dimension => D;

    /// <summary>Ā = E A(θ) (d×d).</summary>
    public double[,] MeanA => (double[,])MeanAValues.Clone();

    /// <summary>c̄ = E c(θ) (d).</summary>
    public double[] MeanC => (double[])MeanCValues.Clone();

    /// <summary>E[Aᵢⱼ Aₖₗ], indexed [i,j,k,l].</summary>
    public double[,,,] SecondMomentAA => (double[,,,])SecondAAValues.Clone();

    /// <summary>E[Aᵢⱼ cₖ], indexed [i,j,k].</summary>
    public double[,,] SecondMomentAC => (double[,,])SecondACValues.Clone();

    /// <summary>E[cᵢ cₖ], indexed [i,k].</summary>
    public double[,] SecondMomentCC => (double[,])SecondCCValues.Clone();

    /// <summary>
    /// The two-point noise kernel Σ(x,y) = E[(Ãx − c̃)(Ãy − c̃)ᵀ] of §0.1/§6.1, exact:
    /// Σᵢₖ = Σⱼₗ E[ÃᵢⱼÃₖₗ] xⱼ yₗ − Σⱼ E[Ãᵢⱼc̃ₖ] xⱼ − Σₗ E[Ãₖₗc̃ᵢ] yₗ + E[c̃ᵢc̃ₖ].
    /// </summary>
    public double[,] NoiseKernel(double[] x, double[] y)
    {
        CheckVector(x, nameof(x));
        CheckVector(y, nameof(y));
        var sigma = new double[D, D];
        for (var i = 0; i < D; i++)
            for (var k = 0; k < D; k++)
            {
                var s = CentredCC[i, k];
                for (var j = 0; j < D; j++)
                {
                    s -= CentredAC[i, j, k] * x[j] + CentredAC[k, j, i] * y[j];
                    for (var l = 0; l < D; l++) s += CentredAA[i, j, k, l] * x[j] * y[l];
                }
                sigma[i, k] = s;
            }
        return sigma;
    }

    /// <summary>
    /// The moments of the minibatch gradient: the batch mean of <paramref name="batchSize"/> i.i.d. draws of (A, c) has the
    /// same mean and centred second moments divided by B (math.md §1.1: Σ → Σ/B, noise √(α/B)).
    /// </summary>
    public AffineGradientMoments ForBatchSize(int batchSize)
    {
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be ≥ 1.");
        var s = 1.0 / batchSize;
        var caa = Scale(CentredAA, s);
        var cac = Scale(CentredAC, s);
        var ccc = Scale(CentredCC, s);
        var (aa, ac, cc) = Uncentre(MeanAValues, MeanCValues, caa, cac, ccc);
        return new AffineGradientMoments(MeanAValues, MeanCValues, aa, ac, cc, caa, cac, ccc);
    }

    internal void CheckVector(double[] v, string name)
    {
        ArgumentNullException.ThrowIfNull(v, name);
        if (v.Length != D) throw new ArgumentException($"{name} has length {v.Length}; the problem has dimension {D}.", name);
        for (var i = 0; i < D; i++)
            if (!double.IsFinite(v[i])) throw new ArgumentException($"{name}[{i}] is {v[i]}; it must be finite.", name);
    }

    private static double[,,,] Scale(double[,,,] a, double factor)
    {
        var r = (double[,,,])a.Clone();
        for (var i = 0; i < r.GetLength(0); i++) for (var j = 0; j < r.GetLength(1); j++) for (var k = 0; k < r.GetLength(2); k++) for (var l = 0; l < r.GetLength(3); l++) r[i, j, k, l] *= factor;
        return r;
    }

    private static double[,,] Scale(double[,,] a, double factor)
    {
        var r = (double[,,])a.Clone();
        for (var i = 0; i < r.GetLength(0); i++) for (var j = 0; j < r.GetLength(1); j++) for (var k = 0; k < r.GetLength(2); k++) r[i, j, k] *= factor;
        return r;
    }

    private static double[,] Scale(double[,] a, double factor)
    {
        var r = (double[,])a.Clone();
        for (var i = 0; i < r.GetLength(0); i++) for (var j = 0; j < r.GetLength(1); j++) r[i, j] *= factor;
        return r;
    }
}
