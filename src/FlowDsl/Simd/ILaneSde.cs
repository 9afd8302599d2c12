namespace FlowDsl.Simd;

/// <summary>
/// The coefficients of an SDE <c>dY = a(Y) dt + Σₖ bᵏ(Y) dWᵏ</c> lane-wise, with K Wiener processes shared by all lanes
/// (the SMF noise factored as <c>Σₖ gₖ(x) ζₖ</c>, math.md §3.4 b1). <see cref="Sh2LaneStep{TSde}"/> turns it into an SH2 step.
/// </summary>
public interface ILaneSde
{
    /// <summary>The model's name, for error messages.</summary>
    static abstract string Name { get; }

    /// <summary>d, the number of coordinates.</summary>
    static abstract int Dimension { get; }

    /// <summary>K, the number of shared Wiener processes.</summary>
    static abstract int NoiseCount { get; }

    /// <summary>Writes the drift a(Y) into <paramref name="drift"/>; <paramref name="α"/> is the learning rate.</summary>
    static abstract void Drift<TOps, TVec>(in LaneTile<TVec> y, double α, ref LaneTile<TVec> drift)
        where TOps : ISimdOps<TVec> where TVec : struct;

    /// <summary>Writes Σₖ bᵏ(Y)·ΔWᵏ into <paramref name="increment"/> (<paramref name="ΔW"/> has length K).</summary>
    static abstract void Diffusion<TOps, TVec>(in LaneTile<TVec> y, double α, ReadOnlySpan<double> ΔW, ref LaneTile<TVec> increment)
        where TOps : ISimdOps<TVec> where TVec : struct;
}
