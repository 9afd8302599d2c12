using MathNet.Numerics.LinearAlgebra;

namespace FlowDsl.Exact;

/// <summary>
/// The exact-moment engine of math.md §6.1 for gradients affine in x, ∇R(x,θ) = A(θ)x − c(θ): first and second moments
/// of SGD (the exact recursion over N = T/α steps) and of the <see cref="ContinuousModel"/>s SME-1/2 and SMF-1/2 (the linear
/// moment ODE ż = 𝕃z + q solved exactly as z(T) = [e^{T[[𝕃, q],[0, 0]]}](z(0), 1) by <see cref="MatrixExponential"/>).
/// Quadratic test functions then have exact expectations (<see cref="PointMoments.Expectation"/>,
/// <see cref="TwoPointMoments.CrossExpectation"/>, <see cref="TwoPointMoments.MeanSquaredDistance"/>).
/// </summary>
public static class ExactMoments
{
    /// <summary>
    /// m = E x and M = E xxᵀ at time <paramref name="horizon"/> for one point started at <paramref name="start"/> under
    /// SME-1/2 or SMF-1/2 (<paramref name="model"/>); SMF and SME share their one-point moments.
    /// </summary>
    public static PointMoments OnePoint(AffineGradientMoments problem, ContinuousModel model, double alpha, double horizon, double[] start)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckModel(model);
        CheckRun(alpha, horizon);
        problem.CheckVector(start, nameof(start));
        var dynamics = MomentDynamics.Continuous(problem, model, alpha, twoPoint: false);
        return ToPointMoments(SolveLinearOde(dynamics, horizon, dynamics.InitialState(start, null)), problem.Dimension);
    }

    /// <summary>
    /// m = E x and M = E xxᵀ of SGD after N = T/α steps (T/α must be an integer, math.md §0.1), for one point started at
    /// <paramref name="start"/>.
    /// </summary>
    public static PointMoments SgdOnePoint(AffineGradientMoments problem, double alpha, double horizon, double[] start)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckRun(alpha, horizon);
        problem.CheckVector(start, nameof(start));
        var dynamics = MomentDynamics.Sgd(problem, alpha, twoPoint: false);
        return ToPointMoments(Iterate(dynamics, SgdSteps(alpha, horizon), dynamics.InitialState(start, null)), problem.Dimension);
    }

    /// <summary>
    /// Moments of two points x, y started at <paramref name="u"/> and <paramref name="v"/> at time <paramref name="horizon"/>,
    /// coupled as <paramref name="model"/> says: SMF-1/2 one shared cylindrical W (§3.2–3.3), SME-1/2 independent copies
    /// (independent Brownian motions). SME with one shared Brownian motion is rejected: its moments do not close (§6.4).
    /// </summary>
    public static TwoPointMoments TwoPoint(AffineGradientMoments problem, ContinuousModel model, double alpha, double horizon, double[] u, double[] v)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckModel(model);
        CheckRun(alpha, horizon);
        problem.CheckVector(u, nameof(u));
        problem.CheckVector(v, nameof(v));
        var dynamics = MomentDynamics.Continuous(problem, model, alpha, twoPoint: true);
        return ToTwoPointMoments(SolveLinearOde(dynamics, horizon, dynamics.InitialState(u, v)), problem.Dimension);
    }

    /// <summary>Moments of two SGD points x, y started at <paramref name="u"/> and <paramref name="v"/>, driven by the same θᵢ (§1.2).</summary>
    public static TwoPointMoments SgdTwoPoint(AffineGradientMoments problem, double alpha, double horizon, double[] u, double[] v)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckRun(alpha, horizon);
        problem.CheckVector(u, nameof(u));
        problem.CheckVector(v, nameof(v));
        var dynamics = MomentDynamics.Sgd(problem, alpha, twoPoint: true);
        return ToTwoPointMoments(Iterate(dynamics, SgdSteps(alpha, horizon), dynamics.InitialState(u, v)), problem.Dimension);
    }

    /// <summary>N = T/α, which must be an integer (to relative 1e-9) so that t_N = T exactly (math.md §0.1).</summary>
    public static int SgdSteps(double alpha, double horizon)
    {
        CheckRun(alpha, horizon);
        var ratio = horizon / alpha;
        var steps = Math.Round(ratio);
        if (steps < 1 || Math.Abs(ratio - steps) > 1e-9 * steps || steps > int.MaxValue)
            throw new ArgumentException($"SGD needs T/α to be a positive integer; T = {horizon}, α = {alpha} give T/α = {ratio}.", nameof(alpha));
        return (int)steps;
    }

    /// <summary>The engine solves SME (independent copies) and SMF of order 1 or 2; the other dynamics are refused by name.</summary>
    internal static void CheckModel(ContinuousModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.DriftOrder is not (1 or 2))
            throw new ArgumentException($"{model.Name}: the exact engine solves drift order 1 or 2, not {model.DriftOrder}.", nameof(model));
        switch (model.Noise)
        {
            case NoiseModel.SmeIndependent or NoiseModel.Smf:
                return;
            case NoiseModel.SmeSharedBrownian:
                throw new ArgumentException(
                    $"{model.Name}: one Brownian motion shared by the points gives no closed moment system for a state-dependent Σ " +
                    "(math.md §6.4); the exact engine solves SME (independent copies) and SMF.", nameof(model));
            default:
                throw new ArgumentException(
                    $"{model.Name}: the exact engine solves SME-1/2 and SMF-1/2, not a model with noise {model.Noise}.", nameof(model));
        }
    }

    private static void CheckRun(double alpha, double horizon)
    {
        if (!double.IsFinite(alpha) || alpha <= 0)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The learning rate α must be positive and finite.");
        if (!double.IsFinite(horizon) || horizon <= 0)
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon T must be positive and finite.");
    }

    private static double[] Iterate(MomentDynamics dynamics, int steps, double[] z0)
    {
        var z = z0;
        var next = new double[z.Length];
        for (var i = 0; i < steps; i++)
        {
            dynamics.SgdStep(z, next);
            (z, next) = (next, z);
        }
        return z;
    }

    private static PointMoments ToPointMoments(double[] z, int d) => new(z[..d], Unflatten(z, d, d));

    private static TwoPointMoments ToTwoPointMoments(double[] z, int d)
    {
        var d2 = d * d;
        var first = new PointMoments(z[..d], Unflatten(z, 2 * d, d));
        var second = new PointMoments(z[d..(2 * d)], Unflatten(z, 2 * d + d2, d));
        return new TwoPointMoments(first, second, Unflatten(z, 2 * d + 2 * d2, d));
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
