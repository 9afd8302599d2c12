namespace FlowDsl.Exact;

/// <summary>
/// Closed-form expectations of the test problems of math.md §6.2–§6.6, at horizon T with N = T/α SGD steps. They are an
/// independent check of <see cref="ExactMoments"/>, and cover what that engine cannot: fourth moments (§6.3) and the
/// shared-Brownian SME with the non-smooth root s|x| (§6.4). Powers (1−α)^N are computed as ±exp(N·log1p(−α)) (§6), which
/// keeps the sign when α &gt; 1.
/// </summary>
public static class ClosedForms
{
    /// <summary>
    /// §6.2: the factor q with E x_T − m = q (u − m): SGD (1−α)^N; SME-1/SMF-1 e^{−T}; SME-2/SMF-2 e^{−(1+α/2)T}.
    /// The same factor gives the mean of §6.3 (E x = x₀q) and of §6.5 (E y = y₀q).
    /// </summary>
    public static double AdditiveMeanFactor(ModelKind model, double alpha, double horizon) => model.Order() switch
    {
        0 => Power1MinusAlpha(alpha, ExactMoments.SgdSteps(alpha, horizon)),
        1 => Math.Exp(-horizon),
        _ => Math.Exp(-(1 + alpha / 2) * horizon),
    };

    /// <summary>
    /// §6.2: the factor κ with Cov x_T = κ S: SGD α(1 − q²)/(2 − α) with q = (1−α)^N; SME-1/SMF-1 (α/2)(1 − e^{−2T});
    /// SME-2/SMF-2 α(1 − e^{−(2+α)T})/(2 + α).
    /// </summary>
    public static double AdditiveCovarianceFactor(ModelKind model, double alpha, double horizon)
    {
        switch (model.Order())
        {
            case 0:
                var q = AdditiveMeanFactor(ModelKind.Sgd, alpha, horizon);
                return alpha * (1 - q * q) / (2 - alpha);
            case 1:
                return alpha / 2 * -Accurate.ExpM1(-2 * horizon);
            default:
                return alpha * -Accurate.ExpM1(-(2 + alpha) * horizon) / (2 + alpha);
        }
    }

    /// <summary>
    /// §6.4 additive: the factor of |Δu|² in D = E|x₁ − x₂|² (SGD q², SMF/independent SME e^{−2T} or e^{−(2+α)T}) plus, for
    /// independent copies, 2 tr C; returns D for |Δu|² = <paramref name="startDistanceSquared"/> and tr S = <paramref name="traceS"/>.
    /// </summary>
    public static double AdditiveTwoPointDistance(ModelKind model, double alpha, double horizon, double startDistanceSquared, double traceS)
    {
        var q = AdditiveMeanFactor(model, alpha, horizon);
        var distance = q * q * startDistanceSquared;
        return model is ModelKind.IndependentSme1 or ModelKind.IndependentSme2
            ? distance + 2 * AdditiveCovarianceFactor(model, alpha, horizon) * traceS
            : distance;
    }

    /// <summary>
    /// §6.4 additive: the cross-covariance factor κ₁₂ with Cov(x₁, x₂) = κ₁₂ S: SGD and SMF share the one-point factor
    /// (<see cref="AdditiveCovarianceFactor"/>), independent copies have 0. Plain SME-1/2 are rejected (no two-point law).
    /// </summary>
    public static double AdditiveCrossCovarianceFactor(ModelKind model, double alpha, double horizon) => model switch
    {
        ModelKind.IndependentSme1 or ModelKind.IndependentSme2 => 0.0,
        ModelKind.Sme1 or ModelKind.Sme2 => throw new ArgumentException($"{model} has no two-point law; use Smf or IndependentSme.", nameof(model)),
        _ => AdditiveCovarianceFactor(model, alpha, horizon),
    };

    /// <summary>
    /// §6.3 E x_T² / x₀²: SGD ρ^N with ρ = (1−α)² + s²α²; SME-1/SMF-1 e^{(s²α − 2)T}; SME-2/SMF-2 e^{((s²−1)α − 2)T}.
    /// </summary>
    public static double MultiplicativeSecondMoment(ModelKind model, double alpha, double horizon, double s2) => model.Order() switch
    {
        0 => alpha < 0.5
            ? Math.Exp(ExactMoments.SgdSteps(alpha, horizon) * (2 * Accurate.Log1P(-alpha) + Accurate.Log1P(s2 * alpha * alpha / ((1 - alpha) * (1 - alpha)))))
            : Math.Pow((1 - alpha) * (1 - alpha) + s2 * alpha * alpha, ExactMoments.SgdSteps(alpha, horizon)),
        1 => Math.Exp((s2 * alpha - 2) * horizon),
        _ => Math.Exp(((s2 - 1) * alpha - 2) * horizon),
    };

    /// <summary>
    /// §6.3 E x_T⁴ / x₀⁴: SGD [E(1−α−αθ)⁴]^N with E(1−α−αθ)⁴ = (1−α)⁴ + 6s²α²(1−α)² − 4μ₃α³(1−α) + E[θ⁴]α⁴;
    /// SME-1/SMF-1 e^{(−4 + 6s²α)T}; SME-2/SMF-2 e^{(−4 + (6s²−2)α)T} (geometric BM: −4c + 6s²α with c = 1 or 1 + α/2).
    /// </summary>
    public static double MultiplicativeFourthMoment(ModelKind model, double alpha, double horizon, MultiplicativeNoise noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        var s2 = noise.S2;
        switch (model.Order())
        {
            case 0:
                var b = 1 - alpha;
                var perStep = b * b * b * b + 6 * s2 * alpha * alpha * b * b - 4 * noise.Mu3 * alpha * alpha * alpha * b
                    + noise.Fourth * alpha * alpha * alpha * alpha;
                return Math.Exp(ExactMoments.SgdSteps(alpha, horizon) * Math.Log(perStep));
            case 1:
                return Math.Exp((-4 + 6 * s2 * alpha) * horizon);
            default:
                return Math.Exp((-4 + (6 * s2 - 2) * alpha) * horizon);
        }
    }

    /// <summary>
    /// §6.4 multiplicative, E[x₁x₂] for two points u₁, u₂ (d = 1). SGD and SMF are linear flows x(u) = uZ, so
    /// E[x₁x₂] = u₁u₂ E Z²: SGD u₁u₂ρ^N, SMF-1 u₁u₂e^{(s²α−2)T}, SMF-2 u₁u₂e^{((s²−1)α−2)T}; independent copies multiply the
    /// means, u₁u₂e^{−2T} (order 1) or u₁u₂e^{−(2+α)T} (order 2).
    /// </summary>
    public static double MultiplicativeCrossMoment(ModelKind model, double alpha, double horizon, double u1, double u2, double s2) => model switch
    {
        ModelKind.IndependentSme1 or ModelKind.IndependentSme2 => u1 * u2 * Math.Pow(AdditiveMeanFactor(model, alpha, horizon), 2),
        ModelKind.Sme1 or ModelKind.Sme2 => throw new ArgumentException(
            $"{model} has no two-point law; use Smf, IndependentSme or {nameof(MultiplicativeSharedBrownianSmeCrossMoment)}.", nameof(model)),
        _ => u1 * u2 * MultiplicativeSecondMoment(model, alpha, horizon, s2),
    };

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
    /// §6.5 linear regression with a ~ N(0, I_d), noise σ²: E|y_T|² (y = x − x*) from m₀ = |y₀|².
    /// SGD ρ^N m₀ + dα²σ²(1 − ρ^N)/(1 − ρ), ρ = 1 − 2α + (d+2)α²; SME-1/SMF-1 e^{λ₁T}m₀ + αdσ²(e^{λ₁T} − 1)/λ₁, λ₁ = −2 + (d+1)α;
    /// SME-2/SMF-2 the same with λ₂ = −2 + dα.
    /// </summary>
    public static double LinearRegressionSquaredError(ModelKind model, double alpha, double horizon, int dimension, double noiseVariance, double m0)
    {
        var d = dimension;
        if (model.Order() == 0)
        {
            var rho = 1 - 2 * alpha + (d + 2) * alpha * alpha;
            var rhoN = Math.Exp(ExactMoments.SgdSteps(alpha, horizon) * Math.Log(rho));
            return rhoN * m0 + d * alpha * alpha * noiseVariance * (1 - rhoN) / (1 - rho);
        }
        var lambda = model.Order() == 1 ? -2 + (d + 1) * alpha : -2 + d * alpha;
        return Math.Exp(lambda * horizon) * m0 + alpha * d * noiseVariance * Accurate.ExpM1(lambda * horizon) / lambda;
    }

    /// <summary>
    /// §6.4 linear regression, two points: E|x₁ − x₂|² from |δ₀|² = <paramref name="startDistanceSquared"/> for SGD (ρ^N|δ₀|²)
    /// and SMF-2 (e^{(dα−2)T}|δ₀|²); the label noise cancels.
    /// </summary>
    public static double LinearRegressionTwoPointDistance(ModelKind model, double alpha, double horizon, int dimension, double startDistanceSquared) => model switch
    {
        ModelKind.Sgd => LinearRegressionSquaredError(ModelKind.Sgd, alpha, horizon, dimension, 0.0, startDistanceSquared),
        ModelKind.Smf2 => Math.Exp((dimension * alpha - 2) * horizon) * startDistanceSquared,
        _ => throw new ArgumentException($"The §6.4 regression distance is given for Sgd and Smf2, not {model}.", nameof(model)),
    };

    /// <summary>
    /// §6.6 Li–Tai–E: E f(x_T), f = ½xᵀHx, in H's eigenbasis (eigenvalues λ, components y_λ of x₀).
    /// SGD Σ ½λ[(1−αλ)^{2N}y_λ² + αλ(1 − (1−αλ)^{2N})/(2 − αλ)]; SME-1 Σ ½λe^{−2λT}y_λ² + (α/4)λ²(1 − e^{−2λT});
    /// SME-2 Σ ½λe^{−(2λ+αλ²)T}y_λ² + ½α[λ²/(2+αλ)](1 − e^{−(2λ+αλ²)T}).
    /// </summary>
    public static double LiTaiEExpectation(ModelKind model, double alpha, double horizon, double[] eigenvalues, double[] components)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        ArgumentNullException.ThrowIfNull(components);
        if (components.Length != eigenvalues.Length)
            throw new ArgumentException($"{components.Length} components for {eigenvalues.Length} eigenvalues.", nameof(components));
        var order = model.Order();
        var steps = order == 0 ? ExactMoments.SgdSteps(alpha, horizon) : 0;
        var sum = 0.0;
        for (var n = 0; n < eigenvalues.Length; n++)
        {
            var l = eigenvalues[n];
            var y2 = components[n] * components[n];
            switch (order)
            {
                case 0:
                    var q2 = Accurate.PowerOfOneMinus(alpha * l, 2 * steps);
                    sum += 0.5 * l * (q2 * y2 + alpha * l * (1 - q2) / (2 - alpha * l));
                    break;
                case 1:
                    sum += 0.5 * l * Math.Exp(-2 * l * horizon) * y2 + alpha / 4 * l * l * -Accurate.ExpM1(-2 * l * horizon);
                    break;
                default:
                    var rate = 2 * l + alpha * l * l;
                    sum += 0.5 * l * Math.Exp(-rate * horizon) * y2 + 0.5 * alpha * l * l / (2 + alpha * l) * -Accurate.ExpM1(-rate * horizon);
                    break;
            }
        }
        return sum;
    }

    private static double Power1MinusAlpha(double alpha, int steps) => Accurate.PowerOfOneMinus(alpha, steps);
}
