namespace FlowDsl.Exact;

/// <summary>
/// Closed-form expectations of SGD on the test problems of math.md §6.2–§6.6, after N = T/α steps (T/α must be an
/// integer, <see cref="ExactMoments.SgdSteps"/>); <see cref="ClosedForms"/> has those of the continuous models. Powers
/// (1−α)^N are computed as ±exp(N·log1p(−α)) (§6), which keeps the sign when α &gt; 1.
/// </summary>
public static class SgdClosedForms
{
    /// <summary>§6.2: the factor q = (1−α)^N with E x_N − m = q (u − m); also the mean of §6.3 (E x = x₀q) and §6.5.</summary>
    public static double AdditiveMeanFactor(double alpha, double horizon) =>
        Accurate.PowerOfOneMinus(alpha, ExactMoments.SgdSteps(alpha, horizon));

    /// <summary>§6.2: the factor κ = α(1 − q²)/(2 − α) with Cov x_N = κ S and q = (1−α)^N.</summary>
    public static double AdditiveCovarianceFactor(double alpha, double horizon)
    {
        var q = AdditiveMeanFactor(alpha, horizon);
        return alpha * (1 - q * q) / (2 - alpha);
    }

    /// <summary>§6.4 additive: D = E|x₁ − x₂|² = q²|Δu|² (both points see the same θᵢ, so the noise cancels).</summary>
    public static double AdditiveTwoPointDistance(double alpha, double horizon, double startDistanceSquared)
    {
        var q = AdditiveMeanFactor(alpha, horizon);
        return q * q * startDistanceSquared;
    }

    /// <summary>§6.4 additive: Cov(x₁, x₂) = κ S, the one-point factor (<see cref="AdditiveCovarianceFactor"/>).</summary>
    public static double AdditiveCrossCovarianceFactor(double alpha, double horizon) => AdditiveCovarianceFactor(alpha, horizon);

    /// <summary>§6.3 E x_N² / x₀² = ρ^N with ρ = (1−α)² + s²α².</summary>
    public static double MultiplicativeSecondMoment(double alpha, double horizon, double s2) => alpha < 0.5
        ? Math.Exp(ExactMoments.SgdSteps(alpha, horizon) * (2 * Accurate.Log1P(-alpha) + Accurate.Log1P(s2 * alpha * alpha / ((1 - alpha) * (1 - alpha)))))
        : Math.Pow((1 - alpha) * (1 - alpha) + s2 * alpha * alpha, ExactMoments.SgdSteps(alpha, horizon));

    /// <summary>§6.3 E x_N⁴ / x₀⁴ = [E(1−α−αθ)⁴]^N with E(1−α−αθ)⁴ = (1−α)⁴ + 6s²α²(1−α)² − 4μ₃α³(1−α) + E[θ⁴]α⁴.</summary>
    public static double MultiplicativeFourthMoment(double alpha, double horizon, MultiplicativeNoise noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        var b = 1 - alpha;
        var perStep = b * b * b * b + 6 * noise.S2 * alpha * alpha * b * b - 4 * noise.Mu3 * alpha * alpha * alpha * b
            + noise.Fourth * alpha * alpha * alpha * alpha;
        return Math.Exp(ExactMoments.SgdSteps(alpha, horizon) * Math.Log(perStep));
    }

    /// <summary>§6.4 multiplicative, d = 1: SGD is the linear flow x(u) = uZ, so E[x₁x₂] = u₁u₂ρ^N.</summary>
    public static double MultiplicativeCrossMoment(double alpha, double horizon, double u1, double u2, double s2) =>
        u1 * u2 * MultiplicativeSecondMoment(alpha, horizon, s2);

    /// <summary>
    /// §6.5 linear regression with a ~ N(0, I_d), noise σ²: E|y_N|² (y = x − x*) = ρ^N m₀ + dα²σ²(1 − ρ^N)/(1 − ρ) from
    /// m₀ = |y₀|², ρ = 1 − 2α + (d+2)α².
    /// </summary>
    public static double LinearRegressionSquaredError(double alpha, double horizon, int dimension, double noiseVariance, double m0)
    {
        var d = dimension;
        var rho = 1 - 2 * alpha + (d + 2) * alpha * alpha;
        var rhoN = Math.Exp(ExactMoments.SgdSteps(alpha, horizon) * Math.Log(rho));
        return rhoN * m0 + d * alpha * alpha * noiseVariance * (1 - rhoN) / (1 - rho);
    }

    /// <summary>§6.4 linear regression, two points: E|x₁ − x₂|² = ρ^N|δ₀|²; the label noise cancels.</summary>
    public static double LinearRegressionTwoPointDistance(double alpha, double horizon, int dimension, double startDistanceSquared) =>
        LinearRegressionSquaredError(alpha, horizon, dimension, 0.0, startDistanceSquared);

    /// <summary>
    /// §6.6 Li–Tai–E: E f(x_N), f = ½xᵀHx, in H's eigenbasis (eigenvalues λ, components y_λ of x₀):
    /// Σ ½λ[(1−αλ)^{2N}y_λ² + αλ(1 − (1−αλ)^{2N})/(2 − αλ)].
    /// </summary>
    public static double LiTaiEExpectation(double alpha, double horizon, double[] eigenvalues, double[] components)
    {
        ClosedForms.CheckEigenbasis(eigenvalues, components);
        var steps = ExactMoments.SgdSteps(alpha, horizon);
        var sum = 0.0;
        for (var n = 0; n < eigenvalues.Length; n++)
        {
            var l = eigenvalues[n];
            var q2 = Accurate.PowerOfOneMinus(alpha * l, 2 * steps);
            sum += 0.5 * l * (q2 * components[n] * components[n] + alpha * l * (1 - q2) / (2 - alpha * l));
        }
        return sum;
    }
}
