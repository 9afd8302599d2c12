namespace FlowDsl.Simd;

/// <summary>
/// ∇ₓR(x,θ) lane-wise for a small model (d ≤ 16): the particle coordinates come from a <see cref="LaneTile{TVec}"/>, the data
/// θ are scalars shared by all lanes (n-point motion). <see cref="SgdLaneStep{TGradient}"/> turns it into an SGD step.
/// </summary>
public interface ILaneGradient
{
    /// <summary>The model's name, for error messages.</summary>
    static abstract string Name { get; }

    /// <summary>d, the number of parameters x.</summary>
    static abstract int Dimension { get; }

    /// <summary>The number of data scalars θ.</summary>
    static abstract int DataLength { get; }

    /// <summary>Writes ∇ₓR(x,θ) into the first d fields of <paramref name="gradient"/>.</summary>
    static abstract void Gradient<TOps, TVec>(in LaneTile<TVec> x, ReadOnlySpan<double> θ, ref LaneTile<TVec> gradient)
        where TOps : ISimdOps<TVec> where TVec : struct;
}
