using MathNet.Numerics.LinearAlgebra;

namespace FlowDsl.Exact;

/// <summary>
/// The exact-moment engine of math.md §6.1 for gradients affine in x, ∇R(x,θ) = A(θ)x − c(θ): first and second moments
/// of SGD (the exact recursion over N = T/α steps) and of SME-1/2, SMF-1/2 and independent SME copies (the linear
/// moment ODE ż = 𝕃z + q solved exactly as z(T) = [e^{T[[𝕃, q],[0, 0]]}](z(0), 1) by <see cref="MatrixExponential"/>).
/// Quadratic test functions then have exact expectations (<see cref="PointMoments.Expectation"/>,
/// <see cref="TwoPointMoments.CrossExpectation"/>, <see cref="TwoPointMoments.MeanSquaredDistance"/>).
/// </summary>
public static class ExactMoments
{
    /// <summary>
    /// m = E x and M = E xxᵀ at time <paramref name="horizon"/> for one point started at <paramref name="start"/>.
    /// SGD needs T/α to be an integer N (math.md §0.1). SMF-1 and independent SME-1 copies have SME-1's one-point moments
    /// (likewise for order 2).
    /// </summary>
    public static PointMoments OnePoint(AffineGradientMoments problem, ModelKind model, double alpha, double horizon, double[] start)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckRun(model, alpha, horizon);
        problem.CheckVector(start, nameof(start));
        var dynamics = new MomentDynamics(problem, model, alpha, twoPoint: false);
        var z = Solve(dynamics, model, alpha, horizon, dynamics.InitialState(start, null));
        var d = problem.Dimension;
        return new PointMoments(z[..d], Unflatten(z, d, d));
    }

    /// <summary>
    /// Moments of two points x, y started at <paramref name="u"/> and <paramref name="v"/> at time <paramref name="horizon"/>,
    /// coupled as the model says: SGD uses the same θᵢ for both (§1.2), SMF one shared cylindrical W (§3.2–3.3),
    /// independent SME copies independent Brownian motions. Plain SME-1/SME-2 do not define a two-point law and are rejected.
    /// </summary>
    public static TwoPointMoments TwoPoint(AffineGradientMoments problem, ModelKind model, double alpha, double horizon, double[] u, double[] v)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckRun(model, alpha, horizon);
        if (model is ModelKind.Sme1 or ModelKind.Sme2)
            throw new ArgumentException(
                $"{model} fixes only one-point laws; for two points choose {(model == ModelKind.Sme1 ? "Smf1" : "Smf2")} (shared cylindrical W) or " +
                $"{(model == ModelKind.Sme1 ? "IndependentSme1" : "IndependentSme2")} (independent copies).", nameof(model));
        problem.CheckVector(u, nameof(u));
        problem.CheckVector(v, nameof(v));
        var dynamics = new MomentDynamics(problem, model, alpha, twoPoint: true);
        var z = Solve(dynamics, model, alpha, horizon, dynamics.InitialState(u, v));
        var d = problem.Dimension;
        var d2 = d * d;
        var first = new PointMoments(z[..d], Unflatten(z, 2 * d, d));
        var second = new PointMoments(z[d..(2 * d)], Unflatten(z, 2 * d + d2, d));
        return new TwoPointMoments(first, second, Unflatten(z, 2 * d + 2 * d2, d));
    }

    /// <summary>N = T/α, which must be an integer (to relative 1e-9) so that t_N = T exactly (math.md §0.1).</summary>
    public static int SgdSteps(double alpha, double horizon)
    {
        CheckRun(ModelKind.Sgd, alpha, horizon);
        var ratio = horizon / alpha;
        var steps = Math.Round(ratio);
        if (steps < 1 || Math.Abs(ratio - steps) > 1e-9 * steps || steps > int.MaxValue)
            throw new ArgumentException($"SGD needs T/α to be a positive integer; T = {horizon}, α = {alpha} give T/α = {ratio}.", nameof(alpha));
        return (int)steps;
    }

    private static void CheckRun(ModelKind model, double alpha, double horizon)
    {
        if (!Enum.IsDefined(model)) throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model kind.");
        if (!double.IsFinite(alpha) || alpha <= 0)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The learning rate α must be positive and finite.");
        if (!double.IsFinite(horizon) || horizon <= 0)
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon T must be positive and finite.");
    }

    private static double[] Solve(MomentDynamics dynamics, ModelKind model, double alpha, double horizon, double[] z0)
    {
        if (model == ModelKind.Sgd)
        {
            var steps = SgdSteps(alpha, horizon);
            var z = z0;
            var next = new double[z.Length];
            for (var i = 0; i < steps; i++)
            {
                dynamics.SgdStep(z, next);
                (z, next) = (next, z);
            }
            return z;
        }
        return SolveLinearOde(dynamics, horizon, z0);
    }

    /// <summary>z(T) for ż = 𝕃z + q: the columns of 𝕃 are f(eₖ) − f(0), q = f(0); then e^{T·[[𝕃, q],[0, 0]]}(z₀, 1).</summary>
    internal static double[] SolveLinearOde(MomentDynamics dynamics, double horizon, double[] z0)
    {
        var n = dynamics.StateLength;
        var augmented = Matrix<double>.Build.Dense(n + 1, n + 1);
        var zero = new double[n];
        var q = new double[n];
        dynamics.Derivative(zero, q);
        var unit = new double[n];
        var column = new double[n];
        for (var k = 0; k < n; k++)
        {
            unit[k] = 1.0;
            dynamics.Derivative(unit, column);
            unit[k] = 0.0;
            for (var i = 0; i < n; i++) augmented[i, k] = horizon * (column[i] - q[i]);
        }
        for (var i = 0; i < n; i++) augmented[i, n] = horizon * q[i];
        var e = MatrixExponential.Exp(augmented);
        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = e[i, n];
            for (var k = 0; k < n; k++) s += e[i, k] * z0[k];
            z[i] = s;
        }
        foreach (var value in z)
            if (!double.IsFinite(value))
                throw new ArithmeticException($"The moment ODE blew up to a non-finite value by T = {horizon}; the moments diverge.");
        return z;
    }

    private static double[,] Unflatten(double[] z, int offset, int d)
    {
        var m = new double[d, d];
        for (var i = 0; i < d; i++)
            for (var k = 0; k < d; k++) m[i, k] = z[offset + i * d + k];
        return m;
    }
}
