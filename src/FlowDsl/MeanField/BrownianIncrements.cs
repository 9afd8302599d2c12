using FlowDsl.Random;

namespace FlowDsl.MeanField;

/// <summary>
/// The normals ξⱼ of one step of the cylindrical noise (one per atom), drawn from the Brownian path of a Monte Carlo
/// path on a fine grid: step i of a run whose step holds c fine steps is ξ = (ξ_{ci} + … + ξ_{ci+c−1})/√c, each fine
/// ξ drawn with its own step key (math.md §7.3.1). Runs with different step sizes (SGD at α, the flows at h = α/K, the
/// h/2 rerun) thereby see ONE Brownian path. Antithetic pairs: paths 2q and 2q+1 use key q, the second with ξ ↦ −ξ.
/// </summary>
internal static class BrownianIncrements
{
    /// <summary>ξ of step <paramref name="step"/> into <paramref name="xi"/>; <paramref name="scratch"/> has the same length.</summary>
    public static void Draw(ulong seed, uint path, uint step, int subdivisions, bool antithetic, Span<double> xi, Span<double> scratch)
    {
        var key = antithetic ? path >> 1 : path;
        if (subdivisions == 1)
        {
            new CounterRng(seed, key, step, MeanFieldStreams.CylindricalNoise).FillNormal(xi);
        }
        else
        {
            xi.Clear();
            for (var m = 0; m < subdivisions; m++)
            {
                new CounterRng(seed, key, checked((uint)(subdivisions * (long)step + m)), MeanFieldStreams.CylindricalNoise).FillNormal(scratch);
                for (var j = 0; j < xi.Length; j++) xi[j] += scratch[j];
            }
            var scale = 1 / Math.Sqrt(subdivisions);
            for (var j = 0; j < xi.Length; j++) xi[j] *= scale;
        }
        if (antithetic && (path & 1) == 1)
            for (var j = 0; j < xi.Length; j++) xi[j] = -xi[j];
    }
}
