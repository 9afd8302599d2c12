namespace FlowDsl.Tests.Means;

/// <summary>
/// The 2×2 square root in registers (<see cref="SymmetricEigen.SquareRoot"/> at n = 2) against the general cyclic Jacobi
/// (<see cref="SymmetricEigen.SquareRootByJacobi"/>): the same bits for every matrix, including a zero or tiny off-diagonal,
/// an off-diagonal pair that differs in the last bit, equal diagonals (θ = 0), negative eigenvalues from rounding, signed zeros and non-finite entries (NaN only as NaN);
/// and R·R = Σ, so the shared result is a root and not just a shared mistake.
/// </summary>
public sealed class SymmetricEigenTwoByTwoTests
{
    [Fact]
    public void The_two_by_two_root_has_the_bits_of_the_general_Jacobi_root()
    {
        var random = new System.Random(2024);
        var matrices = new List<double[]>
        {
            new[] { 1.0, 0, 0, 4 }, new[] { 0.0, 0, 0, 0 }, new[] { -0.0, -0.0, -0.0, 0 }, new[] { 2.0, 1, 1, 2 },
            new[] { 1.0, 1e-300, 1e-300, 1 }, new[] { 1.0, 1e-9, 1e-9, 1 + 1e-12 }, new[] { 1.0, 1, 1, 1 },
            new[] { 1e-320, 3e-321, 3e-321, 2e-320 }, new[] { 1.0, 2, 2, 1 }, new[] { 3.0, -1.5, -1.5, 0.75 },
            new[] { double.NaN, 1, 1, 2 }, new[] { 1.0, double.PositiveInfinity, double.PositiveInfinity, 1 },
            new[] { 1.0, double.NaN, double.NaN, 1 }, new[] { 1e308, 1e308, 1e308, 1e308 }, new[] { 1.0, 0, 1e-3, 2 }, new[] { 1.0, 1e-3, 0, 2 },
        };
        for (var k = 0; k < 20_000; k++)
        {
            // Random Σ = Σᵤ uuᵀ of rank 1 or 2 at scales 1e-6…1e6, and some with an unsymmetric rounding of the off-diagonal.
            var scale = Math.Pow(10, random.Next(-6, 7));
            double u0 = random.NextDouble() - 0.5, u1 = random.NextDouble() - 0.5, w0 = random.NextDouble() - 0.5, w1 = random.NextDouble() - 0.5;
            var rank2 = k % 3 != 0;
            var s01 = scale * (u0 * u1 + (rank2 ? w0 * w1 : 0));
            var matrix = new[] { scale * (u0 * u0 + (rank2 ? w0 * w0 : 0)), s01, k % 7 == 0 ? Math.BitIncrement(s01) : s01, scale * (u1 * u1 + (rank2 ? w1 * w1 : 0)) };
            matrices.Add(matrix);
        }
        foreach (var matrix in matrices)
        {
            var fast = new double[4];
            var general = new double[4];
            SymmetricEigen.SquareRoot(matrix, 2, fast, new double[10]);
            SymmetricEigen.SquareRootByJacobi(matrix, 2, general, new double[10]);
            // A NaN's payload depends on which operand the JIT puts first in a commutative operation, not on this code: NaN = NaN.
            for (var i = 0; i < 4; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(general[i]) == BitConverter.DoubleToInt64Bits(fast[i]) || (double.IsNaN(general[i]) && double.IsNaN(fast[i])),
                    $"Σ = [{string.Join(", ", matrix.Select(v => v.ToString("R")))}]: R[{i}] = {fast[i]:R}, Jacobi {general[i]:R}");
            if (!matrix.All(double.IsFinite) || matrix.Max(Math.Abs) > 1e300) continue;
            var scale = Math.Max(matrix.Max(Math.Abs), 1e-300);
            if (Math.Abs(matrix[1] - matrix[2]) > 1e-12 * scale) continue; // not symmetric: only the bits are compared
            var smallest = (matrix[0] + matrix[3]) / 2 - Math.Sqrt(Math.Pow((matrix[0] - matrix[3]) / 2, 2) + matrix[1] * matrix[2]);
            if (smallest < 1e-8 * scale) continue; // near-singular: the root's rounding is √(ε|Σ|), not ε|Σ|
            for (var i = 0; i < 2; i++)
                for (var j = 0; j < 2; j++)
                {
                    var square = fast[2 * i] * fast[j] + fast[2 * i + 1] * fast[2 + j];
                    Assert.True(Math.Abs(square - matrix[2 * i + j]) <= 1e-12 * scale, $"(R²)[{i},{j}] = {square:R} vs Σ = {matrix[2 * i + j]:R}");
                }
        }
    }
}
