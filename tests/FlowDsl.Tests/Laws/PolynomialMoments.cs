namespace FlowDsl.Tests.Laws;

/// <summary>Independent closed-form moments to test quadrature rules with, and random polynomials to test them on.</summary>
internal static class PolynomialMoments
{
    /// <summary>
    /// E[θ_{i₁}⋯θ_{iₖ}] for θ ~ N(m, S), by Gaussian integration by parts (Isserlis with a mean):
    /// E[θₐ Y] = mₐ E[Y] + Σ_b S_{a,b} E[Y without the factor θ_b].
    /// </summary>
    public static double Gaussian(double[] m, double[,] s, IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) return 1.0;
        var a = indices[0];
        var rest = indices.Skip(1).ToList();
        var result = m[a] * Gaussian(m, s, rest);
        for (var b = 0; b < rest.Count; b++)
        {
            var without = rest.Where((_, position) => position != b).ToList();
            result += s[a, rest[b]] * Gaussian(m, s, without);
        }
        return result;
    }

    /// <summary>E[Πᵢ θᵢ^{kᵢ}] for θ uniform on Πᵢ[loᵢ, hiᵢ]: Πᵢ (hiᵢ^{kᵢ+1} − loᵢ^{kᵢ+1}) / ((kᵢ+1)(hiᵢ − loᵢ)).</summary>
    public static double Uniform(double[] lo, double[] hi, IReadOnlyList<int> indices)
    {
        var result = 1.0;
        for (var i = 0; i < lo.Length; i++)
        {
            var k = indices.Count(v => v == i);
            result *= (Math.Pow(hi[i], k + 1) - Math.Pow(lo[i], k + 1)) / ((k + 1) * (hi[i] - lo[i]));
        }
        return result;
    }

    /// <summary>A random polynomial: <paramref name="terms"/> monomials of total degree exactly 0..<paramref name="degree"/>, coefficients in [−1, 1].</summary>
    public static List<(double Coefficient, int[] Indices)> RandomPolynomial(int dimension, int degree, int terms, int seed)
    {
        var random = new System.Random(seed);
        var polynomial = new List<(double, int[])>();
        for (var t = 0; t < terms; t++)
        {
            // Make sure the top degree is present.
            var k = t == 0 ? degree : random.Next(degree + 1);
            polynomial.Add((2 * random.NextDouble() - 1, Enumerable.Range(0, k).Select(_ => random.Next(dimension)).ToArray()));
        }
        return polynomial;
    }

    /// <summary>The polynomial's value at θ.</summary>
    public static double Evaluate(List<(double Coefficient, int[] Indices)> polynomial, double[] theta) =>
        polynomial.Sum(term => term.Coefficient * term.Indices.Aggregate(1.0, (p, i) => p * theta[i]));
}
