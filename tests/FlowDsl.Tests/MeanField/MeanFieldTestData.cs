using FlowDsl.Models.ByHand;
using FlowDsl.MeanField;

namespace FlowDsl.Tests.MeanField;

/// <summary>Data laws and configurations shared by the mean-field tests.</summary>
internal static class MeanFieldTestData
{
    /// <summary>
    /// θ = (a₁, a₂, ε), a ~ N(0, I₂), ε ~ N(0, σ²), as the 27-node product of 3-point Gauss–Hermite rules
    /// (nodes 0, ±√3, weights 2/3, 1/6): exact for every polynomial of degree ≤ 5 in each coordinate, hence for every
    /// moment the linear-unit formulas of math.md §6.5 use (degree ≤ 4).
    /// </summary>
    public static MeanFieldData LinearUnitLaw(double sigma)
    {
        double[] nodes = [-Math.Sqrt(3), 0, Math.Sqrt(3)];
        double[] weights = [1.0 / 6, 2.0 / 3, 1.0 / 6];
        var atoms = new List<double>();
        var p = new List<double>();
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                for (var k = 0; k < 3; k++)
                {
                    atoms.AddRange([nodes[i], nodes[j], sigma * nodes[k]]);
                    p.Add(weights[i] * weights[j] * weights[k]);
                }
        var total = p.Sum();
        return MeanFieldData.FromAtoms<LinearUnitByHand>([.. atoms], [.. p.Select(w => w / total)]);
    }

    /// <summary>N = 4 atoms in ℝ² with unequal weights, for the tanh unit.</summary>
    public static MeanFieldData TanhAtoms() =>
        MeanFieldData.FromAtoms<TanhUnitByHand>([0.9, -0.4, -0.7, 1.1, 0.3, 0.8, -1.2, -0.5], [0.1, 0.2, 0.3, 0.4]);

    /// <summary>n particles in ℝ² at fixed, distinct positions.</summary>
    public static double[] TanhParticles(int n)
    {
        var x = new double[2 * n];
        for (var k = 0; k < n; k++)
        {
            x[2 * k] = 0.8 * Math.Cos(1.3 * k + 0.2) + 0.1 * k / n;
            x[2 * k + 1] = 0.6 * Math.Sin(2.1 * k + 0.5) - 0.2;
        }
        return x;
    }
}
