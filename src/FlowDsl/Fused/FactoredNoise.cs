using System.Runtime.Intrinsics;
using FlowDsl.Simd;

namespace FlowDsl.Fused;

/// <summary>
/// The shared noise of a factored SMF lane step (math.md §3.4): with <c>G(x,θ) = Σₖ gₖ(x)ψₖ(θ)</c>, ψₖ = βₖ − bₖ(θ),
/// the increment is <c>Σₖ gₖ(x)·ζₖ</c> where ζ is computed once per step for all particles:
/// <list type="bullet">
/// <item>P with finite support (atoms θⱼ, weights pⱼ, e.g. an empirical data set): ζₖ = Σⱼ √pⱼ ψₖ(θⱼ) √h ξⱼ with N
/// normals ξⱼ per step (§3.4 a) — path by path the same as the unfactored Σⱼ √pⱼ G(x,θⱼ) √h ξⱼ;</item>
/// <item>otherwise, factors polynomial in θ: ζ = Γ^{1/2} √h ξ with K normals, Γₖₗ = E[ψₖψₗ] from an exact quadrature (§3.4 b1).</item>
/// </list>
/// β (the means E bₖ(θ), used by the drift) comes from the same atoms or quadrature, so it is exact.
/// </summary>
/// <typeparam name="TStep">The generated lane step.</typeparam>
public sealed class FactoredNoise<TStep> where TStep : IFactoredLaneStep
{
    private readonly double[] _loadings; // K × NoiseCount: ζₖ = √h·Σⱼ loadings[k, j]·ξⱼ

    /// <summary>Builds the noise of <typeparamref name="TStep"/> under <paramref name="law"/>.</summary>
    /// <exception cref="ArgumentException">The law's dimension is not the model's data length.</exception>
    /// <exception cref="NotSupportedException">P has no finite support and the factors are not polynomials in θ (or no exact quadrature exists).</exception>
    public FactoredNoise(Law law)
    {
        ArgumentNullException.ThrowIfNull(law);
        if (law.Dimension != TStep.DataLength)
            throw new ArgumentException($"{TStep.Name}: the law has dimension {law.Dimension}, the model's θ has length {TStep.DataLength}.", nameof(law));
        var k = TStep.FactorCount;
        var rule = law.Support;
        IsCylindrical = rule is not null;
        if (rule is null)
        {
            var degree = TStep.FactorDegree;
            rule = degree >= 0 ? law.ExactQuadrature(2 * degree) : null;
            if (rule is null)
                throw new NotSupportedException(
                    $"{TStep.Name}: the law {law.GetType().Name} has no finite support and " +
                    (degree < 0 ? "the noise factors bₖ(θ) are not polynomials in θ" : $"no exact quadrature of degree {2 * degree}") +
                    ", so E bₖ(θ) and their covariance cannot be computed exactly. Use an empirical law (Law.Empirical) of a sample instead.");
        }
        Atoms = rule.Count;
        (Mean, var centred) = Factors(rule);
        var gram = new double[k * k];
        for (var j = 0; j < rule.Count; j++)
            for (var a = 0; a < k; a++)
                for (var c = 0; c < k; c++)
                    gram[a * k + c] += rule.Weights[j] * centred[j * k + a] * centred[j * k + c];
        GramRoot = new double[k * k];
        if (k > 0) SymmetricEigen.SquareRoot(gram, k, GramRoot, new double[2 * k * k + k]);
        if (IsCylindrical)
        {
            NoiseCount = rule.Count;
            _loadings = new double[k * NoiseCount];
            for (var j = 0; j < NoiseCount; j++)
                for (var f = 0; f < k; f++)
                    _loadings[f * NoiseCount + j] = Math.Sqrt(rule.Weights[j]) * centred[j * k + f];
        }
        else
        {
            NoiseCount = k;
            _loadings = GramRoot;
        }
    }

    /// <summary>Γ^{1/2} (K×K, row-major, symmetric), Γₖₗ = E[ψₖψₗ] the covariance of the factors: the SME's noise loadings.</summary>
    public double[] GramRoot { get; }

    /// <summary>βₖ = E bₖ(θ), the step's parameters after α and h.</summary>
    public double[] Mean { get; }

    /// <summary>How many standard normals <see cref="Increment"/> reads per step: N atoms, or K for a continuous P.</summary>
    public int NoiseCount { get; }

    /// <summary>True for the per-atom (cylindrical) form; false for the K-dimensional Γ^{1/2} form.</summary>
    public bool IsCylindrical { get; }

    /// <summary>The number of atoms or quadrature nodes used for β (and Γ).</summary>
    public int Atoms { get; }

    /// <summary>
    /// ζₖ = √h·Σⱼ Lₖⱼ ξⱼ, the factored increment for one step (the same for every particle): O(N·K) once per step, as
    /// dot products in a fixed order of operations (<see cref="FixedOrderDot"/>), so the same on every machine.
    /// </summary>
    /// <param name="ξ">Standard normals, length <see cref="NoiseCount"/>.</param>
    /// <param name="h">The step size.</param>
    /// <param name="ζ">Receives the K increments.</param>
    public void Increment(ReadOnlySpan<double> ξ, double h, Span<double> ζ)
    {
        var k = TStep.FactorCount;
        if (ξ.Length != NoiseCount) throw new ArgumentException($"ξ has length {ξ.Length}, expected {NoiseCount}.", nameof(ξ));
        if (ζ.Length != k) throw new ArgumentException($"ζ has length {ζ.Length}, expected K = {k}.", nameof(ζ));
        var scale = Math.Sqrt(h);
        for (var f = 0; f < k; f++) ζ[f] = scale * FixedOrderDot(_loadings.AsSpan(f * NoiseCount, NoiseCount), ξ);
    }

    /// <summary>
    /// Σⱼ aⱼbⱼ with eight interleaved FMA accumulators (two <see cref="Vector256{T}"/>), summed pairwise at the end: fast, and
    /// unlike <c>TensorPrimitives.Dot</c> independent of the hardware's vector width.
    /// </summary>
    internal static double FixedOrderDot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        var (s0, s1) = (Vector256<double>.Zero, Vector256<double>.Zero);
        var j = 0;
        for (; j + 8 <= n; j += 8)
        {
            s0 = Vector256.FusedMultiplyAdd(Vector256.Create(a.Slice(j, 4)), Vector256.Create(b.Slice(j, 4)), s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.Create(a.Slice(j + 4, 4)), Vector256.Create(b.Slice(j + 4, 4)), s1);
        }
        var s = s0 + s1;
        var sum = (s[0] + s[1]) + (s[2] + s[3]);
        for (; j < n; j++) sum = Math.FusedMultiplyAdd(a[j], b[j], sum);
        return sum;
    }

    // β = Σⱼ pⱼ b(θⱼ) and ψ(θⱼ) = β − b(θⱼ), row-major N × K.
    private static (double[] Mean, double[] Centred) Factors(Quadrature rule)
    {
        var k = TStep.FactorCount;
        var values = new double[rule.Count * k];
        var mean = new double[k];
        for (var j = 0; j < rule.Count; j++)
        {
            TStep.DataFactors(rule.Nodes[j], values.AsSpan(j * k, k));
            for (var f = 0; f < k; f++) mean[f] += rule.Weights[j] * values[j * k + f];
        }
        for (var j = 0; j < rule.Count; j++)
            for (var f = 0; f < k; f++) values[j * k + f] = mean[f] - values[j * k + f];
        return (mean, values);
    }
}
