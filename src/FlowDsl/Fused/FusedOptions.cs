using FlowDsl.Simd;

namespace FlowDsl.Fused;

/// <summary>
/// How <see cref="FusedEnsemble"/> runs. None of these change the numbers, only the speed — except <see cref="StepChunk"/>
/// under the opt-in <see cref="Random.LaneNormalGenerator.Stream"/> normals, whose streams are seeded per chunk.
/// </summary>
/// <param name="Width">Lane width; <see cref="SimdWidth.Auto"/> picks the widest accelerated one.</param>
/// <param name="Threads">Number of fixed contiguous particle ranges run in parallel (1 = the calling thread only; 0 = 1).</param>
/// <param name="StepChunk">Steps run on a tile held in registers before it is stored back (time fusion; 0 = 256).</param>
public readonly record struct FusedOptions(SimdWidth Width = SimdWidth.Auto, int Threads = 1, int StepChunk = 256)
{
    /// <summary><see cref="Threads"/> with 0 (the <c>default</c> struct) read as 1.</summary>
    public int EffectiveThreads => Threads == 0 ? 1 : Threads;

    /// <summary><see cref="StepChunk"/> with 0 (the <c>default</c> struct) read as 256.</summary>
    public int EffectiveStepChunk => StepChunk == 0 ? 256 : StepChunk;
}
