namespace FlowDsl.Simd;

/// <summary>How <see cref="FusedEnsemble"/> runs. None of these change the numbers, only the speed.</summary>
/// <param name="Width">Lane width; <see cref="SimdWidth.Auto"/> picks the widest accelerated one.</param>
/// <param name="Threads">Number of fixed contiguous particle ranges run in parallel (1 = the calling thread only).</param>
/// <param name="StepChunk">Steps run on a tile held in registers before it is stored back (time fusion).</param>
public readonly record struct FusedOptions(SimdWidth Width = SimdWidth.Auto, int Threads = 1, int StepChunk = 256);
