using FlowDsl.Mnist.Training;
using FlowDsl.Random;

namespace FlowDsl.IntegrationTests.Mnist;

/// <summary>Finite-difference and cross-implementation checks of a network's gradient and Hessian-vector product.</summary>
internal static class DerivativeChecks
{
    /// <summary>The §9 initialisation with small random biases (so bias derivatives are not at a symmetric point).</summary>
    public static double[] Point<TModel>(ulong seed) where TModel : IRiskModel
    {
        var x = new double[TModel.Layout.ParameterCount];
        ParameterInitializer.Initialize(TModel.Layout, seed, x);
        var rng = new CounterRng(seed, path: 7, step: 0, stream: 0);
        foreach (var block in TModel.Layout.Parameters.Where(b => b.Kind == BlockKind.Vector))
            for (var i = block.Offset; i < block.Offset + block.Length; i++) x[i] = 0.3 * rng.NextNormal();
        return x;
    }

    /// <summary>
    /// A few coordinates per parameter block: first, last and a middle entry; for W1 only columns where the image has ink
    /// (∂R/∂W1[i,k] = δ1_i θ_k vanishes where θ_k = 0, which would make the check trivial).
    /// </summary>
    public static IEnumerable<(string Block, int Index)> Coordinates<TModel>(double[] image) where TModel : IRiskModel
    {
        var list = new List<(string, int)>();
        foreach (var block in TModel.Layout.Parameters)
        {
            if (block.Name == "W1")
            {
                var inked = Enumerable.Range(0, block.Cols).Where(k => image[k] > 0.2).ToArray();
                foreach (var row in new[] { 0, block.Rows / 2, block.Rows - 1 })
                foreach (var col in new[] { inked[0], inked[inked.Length / 2], inked[^1] })
                    list.Add((block.Name, block.Offset + row * block.Cols + col));
            }
            else
            {
                foreach (var k in new[] { 0, block.Length / 2, block.Length - 1 }.Distinct())
                    list.Add((block.Name, block.Offset + k));
            }
        }
        return list;
    }

    /// <summary>Central difference (f(x + h e_i) − f(x − h e_i)) / 2h of the user's own risk.</summary>
    public static double CentralDifference<TModel>(double[] x, double[] θ, int index, double h) where TModel : IRiskModel
    {
        var saved = x[index];
        x[index] = saved + h;
        var plus = TModel.UserRisk(x, θ);
        x[index] = saved - h;
        var minus = TModel.UserRisk(x, θ);
        x[index] = saved;
        return (plus - minus) / (2 * h);
    }
}
