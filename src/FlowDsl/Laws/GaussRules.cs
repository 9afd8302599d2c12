using MathNet.Numerics.LinearAlgebra;

namespace FlowDsl;

/// <summary>
/// One-dimensional Gauss rules for probability measures, from their Jacobi matrices: Golub–Welsch eigenvalues as
/// starting nodes, polished by Newton on the orthonormal polynomial, and Christoffel weights
/// <c>wᵢ = 1 / Σ_{k&lt;q} p̂ₖ(xᵢ)²</c> (orthonormal p̂ₖ), which are accurate even where eigenvector weights are not.
/// A q-point rule is exact for polynomials of degree ≤ 2q − 1.
/// </summary>
internal static class GaussRules
{
    /// <summary>Gauss–Hermite for N(0,1) (probabilists' Hermite; recurrence coefficients bₖ = √k).</summary>
    public static (double[] Nodes, double[] Weights) StandardNormal(int points) => Build(points, k => Math.Sqrt(k));

    /// <summary>Gauss–Legendre for the uniform law on [−1, 1] (weights sum to 1; bₖ = k/√(4k²−1)).</summary>
    public static (double[] Nodes, double[] Weights) UniformSymmetric(int points) => Build(points, k => k / Math.Sqrt(4.0 * k * k - 1.0));

    /// <summary>The number of points q = ⌈(degree+1)/2⌉ that makes a Gauss rule exact up to <paramref name="degree"/>.</summary>
    public static int PointsForDegree(int degree) => Math.Max(1, (degree + 2) / 2);

    private static (double[] Nodes, double[] Weights) Build(int q, Func<int, double> offDiagonal)
    {
        var jacobi = Matrix<double>.Build.Dense(q, q);
        for (var k = 1; k < q; k++) jacobi[k, k - 1] = jacobi[k - 1, k] = offDiagonal(k);
        var nodes = jacobi.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).OrderBy(v => v).ToArray();
        for (var i = 0; i < q; i++)
        {
            for (var iteration = 0; iteration < 3; iteration++)
            {
                var (value, derivative, _) = Evaluate(nodes[i], q, offDiagonal);
                if (derivative != 0) nodes[i] -= value / derivative;
            }
        }
        // Both measures are symmetric, so the rule is too: mirror the polished nodes to make that exact.
        for (var i = 0; i < q / 2; i++)
        {
            var x = 0.5 * (nodes[q - 1 - i] - nodes[i]);
            nodes[i] = -x;
            nodes[q - 1 - i] = x;
        }
        if (q % 2 == 1) nodes[q / 2] = 0.0;
        var weights = new double[q];
        var total = 0.0;
        for (var i = 0; i < q; i++)
        {
            weights[i] = 1.0 / Evaluate(nodes[i], q, offDiagonal).SumOfSquares;
            total += weights[i];
        }
        for (var i = 0; i < q; i++) weights[i] /= total;
        return (nodes, weights);
    }

    /// <summary>p̂_q(x), p̂_q'(x) and Σ_{k&lt;q} p̂ₖ(x)² by the three-term recurrence x p̂ₖ = b_{k+1} p̂_{k+1} + bₖ p̂_{k−1}.</summary>
    private static (double Value, double Derivative, double SumOfSquares) Evaluate(double x, int q, Func<int, double> b)
    {
        double previous = 0, current = 1, previousDerivative = 0, currentDerivative = 0, sum = 0;
        for (var k = 0; k < q; k++)
        {
            sum += current * current;
            var bk = k == 0 ? 0.0 : b(k);
            var next = (x * current - bk * previous) / b(k + 1);
            var nextDerivative = (current + x * currentDerivative - bk * previousDerivative) / b(k + 1);
            previous = current;
            current = next;
            previousDerivative = currentDerivative;
            currentDerivative = nextDerivative;
        }
        return (current, currentDerivative, sum);
    }
}
