namespace FlowDsl.Exact;

/// <summary>
/// Closed-form expectations of the continuous models (<see cref="ContinuousModel"/> SME-1/2, SMF-1/2) on the test problems
/// of math.md §6.2–§6.6 at horizon T; <see cref="SgdClosedForms"/> has SGD's. They are an independent check of
/// <see cref="ExactMoments"/>, and cover what that engine cannot: fourth moments (§6.3) and the shared-Brownian SME with
/// the non-smooth root s|x| (§6.4). Two points under SME are independent copies, under SMF they share one W.
/// </summary>
public static class ClosedForms
{
    /// <summary>
    /// §6.2: the factor q with E x_T − m = q (u − m): SME-1/SMF-1 e^{−T}; SME-2/SMF-2 e^{−(1+α/2)T}.
    /// The same factor gives the mean of §6.3 (E x = x₀q) and of §6.5 (E y = y₀q).
    /// </summary>
    public static double AdditiveMeanFactor(ContinuousModel model, double alpha, double horizon) => Order(model) switch
    {
        1 => Math.Exp(-horizon),
        _ => Math.Exp(-(1 + alpha / 2) * horizon),
    };

    /// <summary>
    /// §6.2: the factor κ with Cov x_T = κ S: SME-1/SMF-1 (α/2)(1 − e^{−2T}); SME-2/SMF-2 α(1 − e^{−(2+α)T})/(2 + α).
    /// </summary>
    public static double AdditiveCovarianceFactor(ContinuousModel model, double alpha, double horizon) => Order(model) switch
    {
        1 => alpha / 2 * -Accurate.ExpM1(-2 * horizon),
        _ => alpha * -Accurate.ExpM1(-(2 + alpha) * horizon) / (2 + alpha),
    };

    /// <summary>
    /// §6.4 additive: D = E|x₁ − x₂|² = q²|Δu|² (SMF: e^{−2T} or e^{−(2+α)T}) plus, for SME's independent copies, 2κ tr S;
    /// returns D for |Δu|² = <paramref name="startDistanceSquared"/> and tr S = <paramref name="traceS"/>.
    /// </summary>
    public static double AdditiveTwoPointDistance(ContinuousModel model, double alpha, double horizon, double startDistanceSquared, double traceS)
    {
        var q = AdditiveMeanFactor(model, alpha, horizon);
        var distance = q * q * startDistanceSquared;
        return IndependentCopies(model) ? distance + 2 * AdditiveCovarianceFactor(model, alpha, horizon) * traceS : distance;
    }

    /// <summary>
    /// §6.4 additive: the cross-covariance factor κ₁₂ with Cov(x₁, x₂) = κ₁₂ S: SMF shares the one-point factor
    /// (<see cref="AdditiveCovarianceFactor"/>), SME's independent copies have 0.
    /// </summary>
    public static double AdditiveCrossCovarianceFactor(ContinuousModel model, double alpha, double horizon) =>
        IndependentCopies(model) ? 0.0 : AdditiveCovarianceFactor(model, alpha, horizon);

    /// <summary>§6.3 E x_T² / x₀²: SME-1/SMF-1 e^{(s²α − 2)T}; SME-2/SMF-2 e^{((s²−1)α − 2)T}.</summary>
    public static double MultiplicativeSecondMoment(ContinuousModel model, double alpha, double horizon, double s2) => Order(model) switch
    {
        1 => Math.Exp((s2 * alpha - 2) * horizon),
        _ => Math.Exp(((s2 - 1) * alpha - 2) * horizon),
    };

    /// <summary>
    /// §6.3 E x_T⁴ / x₀⁴: SME-1/SMF-1 e^{(−4 + 6s²α)T}; SME-2/SMF-2 e^{(−4 + (6s²−2)α)T} (geometric BM: −4c + 6s²α with
    /// c = 1 or 1 + α/2).
    /// </summary>
    public static double MultiplicativeFourthMoment(ContinuousModel model, double alpha, double horizon, MultiplicativeNoise noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        var s2 = noise.S2;
        return Order(model) switch
        {
            1 => Math.Exp((-4 + 6 * s2 * alpha) * horizon),
            _ => Math.Exp((-4 + (6 * s2 - 2) * alpha) * horizon),
        };
    }

    /// <summary>
    /// §6.4 multiplicative, E[x₁x₂] for two points u₁, u₂ (d = 1). SMF is a linear flow x(u) = uZ, so E[x₁x₂] = u₁u₂ E Z²:
    /// SMF-1 u₁u₂e^{(s²α−2)T}, SMF-2 u₁u₂e^{((s²−1)α−2)T}; SME's independent copies multiply the means, u₁u₂e^{−2T}
    /// (order 1) or u₁u₂e^{−(2+α)T} (order 2). The shared-Brownian SME is <see cref="MultiplicativeSharedBrownianSmeCrossMoment"/>.
    /// </summary>
    public static double MultiplicativeCrossMoment(ContinuousModel model, double alpha, double horizon, double u1, double u2, double s2) =>
        IndependentCopies(model)
            ? u1 * u2 * Math.Pow(AdditiveMeanFactor(model, alpha, horizon), 2)
            : u1 * u2 * MultiplicativeSecondMoment(model, alpha, horizon, s2);

    /// <summary>
    /// §6.4 multiplicative, SME of order <paramref name="order"/> (1 or 2) with the root s|x| and ONE shared Brownian motion:
    /// d(x₁x₂) = −2c x₁x₂ dt + αs²|x₁||x₂| dt, and neither point changes sign, so E[x₁x₂] = u₁u₂e^{(−2c − s²α)T} when u₁u₂ &lt; 0
    /// (opposite-sign kicks) and u₁u₂e^{(−2c + s²α)T} (= SMF) otherwise; c = 1 or 1 + α/2.
    /// </summary>
    public static double MultiplicativeSharedBrownianSmeCrossMoment(int order, double alpha, double horizon, double u1, double u2, double s2)
    {
        if (order is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(order), order, "The SME order must be 1 or 2.");
        var c = order == 1 ? 1.0 : 1 + alpha / 2;
        var sign = u1 * u2 < 0 ? -1.0 : 1.0;
        return u1 * u2 * Math.Exp((-2 * c + sign * s2 * alpha) * horizon);
    }

    /// <summary>
    /// §6.5 linear regression with a ~ N(0, I_d), noise σ²: E|y_T|² (y = x − x*) from m₀ = |y₀|²:
    /// SME-1/SMF-1 e^{λ₁T}m₀ + αdσ²(e^{λ₁T} − 1)/λ₁, λ₁ = −2 + (d+1)α; SME-2/SMF-2 the same with λ₂ = −2 + dα.
    /// </summary>
    public static double LinearRegressionSquaredError(ContinuousModel model, double alpha, double horizon, int dimension, double noiseVariance, double m0)
    {
        var d = dimension;
        var lambda = Order(model) == 1 ? -2 + (d + 1) * alpha : -2 + d * alpha;
        return Math.Exp(lambda * horizon) * m0 + alpha * d * noiseVariance * Accurate.ExpM1(lambda * horizon) / lambda;
    }

    /// <summary>§6.4 linear regression, two points: E|x₁ − x₂|² = e^{(dα−2)T}|δ₀|² for SMF-2; the label noise cancels.</summary>
    public static double LinearRegressionTwoPointDistance(ContinuousModel model, double alpha, double horizon, int dimension, double startDistanceSquared)
    {
        ExactMoments.CheckModel(model);
        if (model.Noise != NoiseModel.Smf || model.DriftOrder != 2)
            throw new ArgumentException($"The §6.4 regression distance is given for SMF-2, not {model.Name}.", nameof(model));
        return Math.Exp((dimension * alpha - 2) * horizon) * startDistanceSquared;
    }

    /// <summary>
    /// §6.6 Li–Tai–E: E f(x_T), f = ½xᵀHx, in H's eigenbasis (eigenvalues λ, components y_λ of x₀):
    /// SME-1 Σ ½λe^{−2λT}y_λ² + (α/4)λ²(1 − e^{−2λT}); SME-2 Σ ½λe^{−(2λ+αλ²)T}y_λ² + ½α[λ²/(2+αλ)](1 − e^{−(2λ+αλ²)T}).
    /// </summary>
    public static double LiTaiEExpectation(ContinuousModel model, double alpha, double horizon, double[] eigenvalues, double[] components)
    {
        var order = Order(model);
        CheckEigenbasis(eigenvalues, components);
        var sum = 0.0;
        for (var n = 0; n < eigenvalues.Length; n++)
        {
            var l = eigenvalues[n];
            var y2 = components[n] * components[n];
            if (order == 1)
                sum += 0.5 * l * Math.Exp(-2 * l * horizon) * y2 + alpha / 4 * l * l * -Accurate.ExpM1(-2 * l * horizon);
            else
            {
                var rate = 2 * l + alpha * l * l;
                sum += 0.5 * l * Math.Exp(-rate * horizon) * y2 + 0.5 * alpha * l * l / (2 + alpha * l) * -Accurate.ExpM1(-rate * horizon);
            }
        }
        return sum;
    }

    internal static void CheckEigenbasis(double[] eigenvalues, double[] components)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        ArgumentNullException.ThrowIfNull(components);
        if (components.Length != eigenvalues.Length)
            throw new ArgumentException($"{components.Length} components for {eigenvalues.Length} eigenvalues.", nameof(components));
    }

    /// <summary>The drift order of a model the closed forms cover (SME-1/2, SMF-1/2; <see cref="ExactMoments.CheckModel"/>).</summary>
    private static int Order(ContinuousModel model)
    {
        ExactMoments.CheckModel(model);
        return model.DriftOrder;
    }

    /// <summary>Whether two points are independent copies (SME) rather than sharing one W (SMF).</summary>
    private static bool IndependentCopies(ContinuousModel model)
    {
        ExactMoments.CheckModel(model);
        return model.Noise == NoiseModel.SmeIndependent;
    }
}
