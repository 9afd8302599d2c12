namespace FlowDsl.Tests.Means;

/// <summary>
/// The Householder + QL square root (<see cref="TridiagonalEigen"/>) against its defining property R·R = Σ with R symmetric,
/// and against the cyclic Jacobi root (<see cref="SymmetricEigen"/>), an independent algorithm, where the root is well conditioned.
/// </summary>
public sealed class TridiagonalEigenTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    public void The_root_squares_to_the_matrix_and_matches_Jacobi(int n)
    {
        foreach (var rank in new[] { n + 2, n, Math.Max(1, n / 2), 1 })
        {
            var sigma = RandomCovariance(n, rank, seed: 17 * n + rank);
            var root = Root(sigma, n);
            var scale = sigma.Max(Math.Abs);
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    Assert.Equal(root[i * n + j], root[j * n + i]);
                    double square = 0;
                    for (var k = 0; k < n; k++) square += root[i * n + k] * root[k * n + j];
                    Assert.True(Math.Abs(square - sigma[i * n + j]) <= 1e-13 * scale * n, $"n = {n}, rank {rank}: (R²)[{i},{j}] = {square:R} vs Σ = {sigma[i * n + j]:R}");
                }
            if (rank < n) continue; // a zero eigenvalue's rounding (±1e-16|Σ|) moves the root by its square root in either method
            var jacobi = new double[n * n];
            SymmetricEigen.SquareRoot(sigma, n, jacobi, new double[2 * n * n + n]);
            var rootScale = jacobi.Max(Math.Abs);
            for (var k = 0; k < n * n; k++)
                Assert.True(Math.Abs(root[k] - jacobi[k]) <= 1e-12 * rootScale, $"n = {n}: R[{k / n},{k % n}] = {root[k]:R} vs Jacobi {jacobi[k]:R}");
        }
    }

    [Fact]
    public void Repeated_and_zero_eigenvalues_and_diagonal_matrices()
    {
        Assert.Equal([3.0, 0, 0, 0, 3.0, 0, 0, 0, 2.0], Root([9.0, 0, 0, 0, 9.0, 0, 0, 0, 4.0], 3));
        Assert.Equal(new double[16], Root(new double[16], 4));
        // A rotated diag(4, 4, 1): repeated eigenvalue, root Q·diag(2, 2, 1)·Qᵀ.
        var c = Math.Cos(0.4);
        var s = Math.Sin(0.4);
        double[] q = [c, -s, 0, s, c, 0, 0, 0, 1];
        var sigma = Conjugate(q, [4, 4, 1]);
        var expected = Conjugate(q, [2, 2, 1]);
        var root = Root(sigma, 3);
        for (var k = 0; k < 9; k++) Assert.True(Math.Abs(root[k] - expected[k]) <= 1e-14, $"R[{k / 3},{k % 3}] = {root[k]:R} vs {expected[k]:R}");
    }

    private static double[] Root(double[] sigma, int n)
    {
        var root = new double[n * n];
        TridiagonalEigen.SquareRoot(sigma, n, root, new double[TridiagonalEigen.WorkLength(n)]);
        return root;
    }

    private static double[] Conjugate(double[] q, double[] diagonal)
    {
        var n = diagonal.Length;
        var result = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                for (var k = 0; k < n; k++) result[i * n + j] += q[i * n + k] * diagonal[k] * q[j * n + k];
        return result;
    }

    /// <summary>Σ = Σₘ gₘgₘᵀ/m over <paramref name="rank"/> pseudo-random vectors (rank min(rank, n)).</summary>
    private static double[] RandomCovariance(int n, int rank, int seed)
    {
        var random = new System.Random(seed);
        var sigma = new double[n * n];
        for (var m = 0; m < rank; m++)
        {
            var g = Enumerable.Range(0, n).Select(_ => 2 * random.NextDouble() - 1).ToArray();
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++) sigma[i * n + j] += g[i] * g[j] / rank;
        }
        return sigma;
    }
}
