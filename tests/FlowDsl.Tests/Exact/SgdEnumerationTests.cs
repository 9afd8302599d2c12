using FlowDsl.Exact;

namespace FlowDsl.Tests.Exact;

/// <summary>
/// SGD moments from the engine's recursion against brute-force enumeration of all Kᴺ sample sequences of a finite law
/// (math.md §7.1 iv): an independent computation of E x, E xxᵀ and E[xyᵀ] for two points with shared θᵢ.
/// </summary>
public class SgdEnumerationTests
{
    [Fact]
    public void RecursionEqualsEnumerationOfEveryPath()
    {
        const int d = 2, k = 3, steps = 6;
        const double alpha = 0.2;
        var random = new System.Random(23);
        var atoms = new List<(double Weight, double[,] A, double[] c)>();
        for (var n = 0; n < k; n++)
        {
            var a = new double[d, d];
            for (var i = 0; i < d; i++)
                for (var j = 0; j <= i; j++) a[i, j] = a[j, i] = (i == j ? 1.5 : 0.0) + (random.NextDouble() - 0.5);
            atoms.Add((1.0 + n, a, [random.NextDouble() - 0.5, random.NextDouble()]));
        }
        var total = atoms.Sum(a => a.Weight);
        double[] u = [1.0, -2.0], v = [0.5, 0.25];

        var mx = new double[d];
        var my = new double[d];
        var mxx = new double[d, d];
        var pxy = new double[d, d];
        var paths = (int)Math.Pow(k, steps);
        for (var path = 0; path < paths; path++)
        {
            var x = (double[])u.Clone();
            var y = (double[])v.Clone();
            var probability = 1.0;
            var code = path;
            for (var s = 0; s < steps; s++, code /= k)
            {
                var (w, a, c) = atoms[code % k];
                probability *= w / total;
                x = Step(x, a, c, alpha);
                y = Step(y, a, c, alpha);
            }
            for (var i = 0; i < d; i++)
            {
                mx[i] += probability * x[i];
                my[i] += probability * y[i];
                for (var j = 0; j < d; j++)
                {
                    mxx[i, j] += probability * x[i] * x[j];
                    pxy[i, j] += probability * x[i] * y[j];
                }
            }
        }

        var moments = ExactMoments.SgdTwoPoint(AffineGradientMoments.FromAtoms(atoms), alpha, steps * alpha, u, v);
        for (var i = 0; i < d; i++)
        {
            Assert.Equal(mx[i], moments.First.Mean[i], 13);
            Assert.Equal(my[i], moments.Second.Mean[i], 13);
            for (var j = 0; j < d; j++)
            {
                Assert.Equal(mxx[i, j], moments.First.SecondMoment[i, j], 13);
                Assert.Equal(pxy[i, j], moments.Cross[i, j], 13);
            }
        }
    }

    private static double[] Step(double[] x, double[,] a, double[] c, double alpha)
    {
        // x' = x − α(Ax − c)
        var next = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var g = -c[i];
            for (var j = 0; j < x.Length; j++) g += a[i, j] * x[j];
            next[i] = x[i] - alpha * g;
        }
        return next;
    }
}
