using static FlowDsl.Ops;

namespace FlowDsl.Models.ByHand;

/// <summary>
/// <see cref="TeacherStudent"/> (Φ(θ,(a,w,b)) = a·tanh(w·θ + b), f(θ) = tanh θ₀ − ½ tanh θ₁, θ ~ N(0, I₈)) with
/// ∇ₓΦ and ∇²ₓΦ·v written by hand, so the mean-field runtime can be exercised before (and checked against) the
/// generated implementation. x = (a, w₀..w₇, b), d = 10.
/// </summary>
public sealed class TeacherStudentByHand : IMeanFieldModel
{
    private const int D = TeacherStudent.D;

    /// <inheritdoc/>
    public static string Name => nameof(TeacherStudentByHand);

    /// <inheritdoc/>
    public static ModelLayout Layout { get; } = new(
        [new TensorBlock("a", 0, 1, 1, BlockKind.Scalar), new TensorBlock("w", 1, D, 1, BlockKind.Vector), new TensorBlock("b", D + 1, 1, 1, BlockKind.Scalar)],
        [new TensorBlock("θ", 0, D, 1, BlockKind.Vector)]);

    /// <inheritdoc/>
    public static Law? DefaultLaw { get; } = Law.Normal(D);

    /// <inheritdoc/>
    public static double Feature(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => x[0] * Math.Tanh(PreActivation(x, θ));

    /// <inheritdoc/>
    public static double FeatureGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient)
    {
        // ∂a = t, ∂w = a s θ, ∂b = a s, with t = tanh(u), s = 1 − t².
        var t = Math.Tanh(PreActivation(x, θ));
        var scaled = x[0] * (1 - t * t);
        gradient[0] = t;
        for (var i = 0; i < D; i++) gradient[1 + i] = scaled * θ[i];
        gradient[D + 1] = scaled;
        return x[0] * t;
    }

    /// <inheritdoc/>
    public static void FeatureHessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result)
    {
        // With c = θ·v_w + v_b and s' = −2ts: (Hv)_a = s c, (Hv)_w = (s v_a + a s' c) θ, (Hv)_b = s v_a + a s' c.
        var t = Math.Tanh(PreActivation(x, θ));
        var s = 1 - t * t;
        var c = v[D + 1];
        for (var i = 0; i < D; i++) c += θ[i] * v[1 + i];
        var inner = s * v[0] + x[0] * (-2 * t * s) * c;
        result[0] = s * c;
        for (var i = 0; i < D; i++) result[1 + i] = inner * θ[i];
        result[D + 1] = inner;
    }

    /// <inheritdoc/>
    public static double Target(ReadOnlySpan<double> θ) => Tanh(θ[0]) - 0.5 * Tanh(θ[1]);

    /// <inheritdoc/>
    public static double UserFeature(ReadOnlySpan<double> x, ReadOnlySpan<double> θ) => Feature(x, θ);

    /// <inheritdoc/>
    public static double UserTarget(ReadOnlySpan<double> θ) => Target(θ);

    private static double PreActivation(ReadOnlySpan<double> x, ReadOnlySpan<double> θ)
    {
        var u = x[D + 1];
        for (var i = 0; i < D; i++) u += x[1 + i] * θ[i];
        return u;
    }
}
