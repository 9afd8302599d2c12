using FlowDsl.Random;

namespace FlowDsl.Mnist.Training;

/// <summary>The initialisation of math.md §9: every weight matrix W ~ N(0, 1/fan_in) entrywise, every bias b = 0.</summary>
public static class ParameterInitializer
{
    /// <summary>
    /// Fills <paramref name="x"/> (laid out as <paramref name="layout"/> says): a matrix block of shape rows×cols gets
    /// N(0, 1/cols) entries (fan_in = cols), vector and scalar blocks get 0. Block k draws from stream k of
    /// <see cref="CounterRng"/>(seed, path 0, step 0), so the result depends on the seed only.
    /// </summary>
    public static void Initialize(ModelLayout layout, ulong seed, Span<double> x)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (x.Length != layout.ParameterCount)
            throw new ArgumentException($"x has length {x.Length}, the layout has {layout.ParameterCount} parameters.", nameof(x));
        for (var k = 0; k < layout.Parameters.Count; k++)
        {
            var block = layout.Parameters[k];
            var target = x.Slice(block.Offset, block.Length);
            if (block.Kind != BlockKind.Matrix)
            {
                target.Clear();
                continue;
            }
            var rng = new CounterRng(seed, path: 0, step: 0, stream: (uint)k);
            var scale = 1.0 / Math.Sqrt(block.Cols);
            for (var i = 0; i < target.Length; i++) target[i] = scale * rng.NextNormal();
        }
    }
}
