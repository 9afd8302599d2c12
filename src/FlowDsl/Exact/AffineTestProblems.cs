namespace FlowDsl.Exact;

/// <summary>Closed-form <see cref="AffineGradientMoments"/> of the test problems of math.md §6.2–§6.6.</summary>
public static class AffineTestProblems
{
    /// <summary>
    /// §6.2 additive noise / OU: R = ½|x − θ|², θ with mean m and covariance S (any law). ∇R = x − θ, so A ≡ I, c = θ:
    /// E[AᵢⱼAₖₗ] = δᵢⱼδₖₗ, E[Aᵢⱼcₖ] = δᵢⱼ mₖ, E[ccᵀ] = S + mmᵀ.
    /// </summary>
    public static AffineGradientMoments Additive(double[] mean, double[,] covariance)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        var d = mean.Length;
        if (covariance.GetLength(0) != d || covariance.GetLength(1) != d)
            throw new ArgumentException($"The covariance is {covariance.GetLength(0)}×{covariance.GetLength(1)}; the mean has length {d}.", nameof(covariance));
        var identity = Identity(d);
        var aa = new double[d, d, d, d];
        var ac = new double[d, d, d];
        var cc = new double[d, d];
        for (var i = 0; i < d; i++)
            for (var k = 0; k < d; k++)
            {
                aa[i, i, k, k] = 1.0;
                ac[i, i, k] = mean[k];
                cc[i, k] = covariance[i, k] + mean[i] * mean[k];
            }
        return AffineGradientMoments.FromMoments(identity, mean, aa, ac, cc);
    }

    /// <summary>
    /// §6.3 multiplicative noise: R = ½(1+θ)|x|² with scalar θ, E θ = 0, E θ² = s² (d = <paramref name="dimension"/>).
    /// A = (1+θ)I, c = 0: E[AᵢⱼAₖₗ] = (1+s²)δᵢⱼδₖₗ. Only s² matters for first and second moments.
    /// </summary>
    public static AffineGradientMoments Multiplicative(double s2, int dimension = 1)
    {
        if (!double.IsFinite(s2) || s2 < 0) throw new ArgumentOutOfRangeException(nameof(s2), s2, "E θ² = s² must be finite and ≥ 0.");
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be ≥ 1.");
        var d = dimension;
        var aa = new double[d, d, d, d];
        for (var i = 0; i < d; i++)
            for (var k = 0; k < d; k++) aa[i, i, k, k] = 1.0 + s2;
        return AffineGradientMoments.FromMoments(Identity(d), new double[d], aa, new double[d, d, d], new double[d, d]);
    }

    /// <summary>§6.5 linear regression with a ~ N(0, I_d), b = a·x* + ε, ε ~ N(0, σ²): see the general overload with H = I.</summary>
    public static AffineGradientMoments LinearRegression(int dimension, double noiseVariance, double[]? optimum = null)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be ≥ 1.");
        return LinearRegression(Identity(dimension), optimum ?? new double[dimension], noiseVariance);
    }

    /// <summary>
    /// §6.5 linear regression R = ½(a·x − b)² with a ~ N(0, H), b = a·x* + ε, ε ~ N(0, σ²) independent. A = aaᵀ, c = ab, and by
    /// Isserlis E[aᵢaⱼaₖaₗ] = HᵢⱼHₖₗ + HᵢₖHⱼₗ + HᵢₗHⱼₖ =: E4(i,j,k,l):
    /// E A = H, E c = Hx*, E[AᵢⱼAₖₗ] = E4(i,j,k,l), E[Aᵢⱼcₖ] = Σₘ x*ₘ E4(i,j,k,m), E[cᵢcₖ] = Σₘₙ x*ₘx*ₙ E4(i,k,m,n) + σ²Hᵢₖ.
    /// (So E[aaᵀ M aaᵀ] = 2HMH + H tr(HM).)
    /// </summary>
    public static AffineGradientMoments LinearRegression(double[,] h, double[] optimum, double noiseVariance)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(optimum);
        var d = optimum.Length;
        if (h.GetLength(0) != d || h.GetLength(1) != d)
            throw new ArgumentException($"H is {h.GetLength(0)}×{h.GetLength(1)}; x* has length {d}.", nameof(h));
        if (!double.IsFinite(noiseVariance) || noiseVariance < 0)
            throw new ArgumentOutOfRangeException(nameof(noiseVariance), noiseVariance, "The label-noise variance σ² must be finite and ≥ 0.");
        double E4(int i, int j, int k, int l) => h[i, j] * h[k, l] + h[i, k] * h[j, l] + h[i, l] * h[j, k];
        var meanC = new double[d];
        var aa = new double[d, d, d, d];
        var ac = new double[d, d, d];
        var cc = new double[d, d];
        for (var i = 0; i < d; i++)
        {
            for (var m = 0; m < d; m++) meanC[i] += h[i, m] * optimum[m];
            for (var j = 0; j < d; j++)
                for (var k = 0; k < d; k++)
                {
                    for (var l = 0; l < d; l++) aa[i, j, k, l] = E4(i, j, k, l);
                    for (var m = 0; m < d; m++) ac[i, j, k] += optimum[m] * E4(i, j, k, m);
                }
            for (var k = 0; k < d; k++)
            {
                var s = noiseVariance * h[i, k];
                for (var m = 0; m < d; m++)
                    for (var n = 0; n < d; n++) s += optimum[m] * optimum[n] * E4(i, k, m, n);
                cc[i, k] = s;
            }
        }
        return AffineGradientMoments.FromMoments((double[,])h.Clone(), meanC, aa, ac, cc);
    }

    /// <summary>
    /// §6.6 Li–Tai–E quadratic: R = ½(x − γ)ᵀH(x − γ) − ½ tr H with γ ~ N(0, I). ∇R = H(x − γ): A ≡ H, c = Hγ,
    /// so E c = 0, E[AᵢⱼAₖₗ] = HᵢⱼHₖₗ, E[Ac] = 0, E[ccᵀ] = H². Test function f = ½xᵀHx.
    /// </summary>
    public static AffineGradientMoments LiTaiE(double[,] h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var d = h.GetLength(0);
        if (h.GetLength(1) != d) throw new ArgumentException($"H is {d}×{h.GetLength(1)}; it must be square.", nameof(h));
        var aa = new double[d, d, d, d];
        var cc = new double[d, d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++)
            {
                for (var k = 0; k < d; k++)
                {
                    cc[i, j] += h[i, k] * h[k, j];
                    for (var l = 0; l < d; l++) aa[i, j, k, l] = h[i, j] * h[k, l];
                }
            }
        return AffineGradientMoments.FromMoments((double[,])h.Clone(), new double[d], aa, new double[d, d, d], cc);
    }

    private static double[,] Identity(int d)
    {
        var identity = new double[d, d];
        for (var i = 0; i < d; i++) identity[i, i] = 1.0;
        return identity;
    }
}
