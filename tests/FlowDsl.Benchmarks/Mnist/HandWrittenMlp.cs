using System.Numerics.Tensors;
using static FlowDsl.Ops;

namespace FlowDsl.Benchmarks.Mnist;

/// <summary>
/// The hand-written baseline for the MNIST network of math.md §9, with the same arithmetic as the backprop formulas
/// there: sigmoid layers 784-d1-d2-10 and the quadratic loss R(x,θ) = ½|out − y|², x = (W1,b1,W2,b2,W3,b3) flattened
/// row-major in that order, θ = (image(784), one-hot label(10)) — the layout of the generated <c>MnistMlp</c>.
/// </summary>
/// <remarks>
/// Written as a competent C# engineer would: long dot products and rank-1 rows through
/// <see cref="TensorPrimitives"/> (SIMD), small layers as scalar loops, intermediates on the stack (thread-safe).
/// The Hessian-vector product is Pearlmutter's R-operator (forward mode over the backprop), the data Jacobian product
/// the same pass with the tangent in θ instead of x.
/// </remarks>
public sealed class HandWrittenMlp<TShape> : IRiskModel, IAccumulatingGradient where TShape : struct, IMlpShape
{
    /// <summary>Pixels per image.</summary>
    public const int Inputs = 784;
    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    private static int D1 => TShape.Hidden1;
    private static int D2 => TShape.Hidden2;
    private static int OffB1 => D1 * Inputs;
    private static int OffW2 => OffB1 + D1;
    private static int OffB2 => OffW2 + D2 * D1;
    private static int OffW3 => OffB2 + D2;
    private static int OffB3 => OffW3 + Classes * D2;

    /// <summary>d = 784·d1 + d1 + d1·d2 + d2 + 10·d2 + 10.</summary>
    public static int ParameterCount => OffB3 + Classes;

    /// <inheritdoc/>
    public static string Name => $"HandWrittenMlp(784-{D1}-{D2}-10)";

    /// <inheritdoc/>
    public static ModelLayout Layout { get; } = new(
        [
            new TensorBlock("W1", 0, D1, Inputs, BlockKind.Matrix),
            new TensorBlock("b1", OffB1, D1, 1, BlockKind.Vector),
            new TensorBlock("W2", OffW2, D2, D1, BlockKind.Matrix),
            new TensorBlock("b2", OffB2, D2, 1, BlockKind.Vector),
            new TensorBlock("W3", OffW3, Classes, D2, BlockKind.Matrix),
            new TensorBlock("b3", OffB3, Classes, 1, BlockKind.Vector),
        ],
        [
            new TensorBlock("image", 0, Inputs, 1, BlockKind.Vector),
            new TensorBlock("label", Inputs, Classes, 1, BlockKind.Vector),
        ]);

    /// <inheritdoc/>
    public static Law? DefaultLaw => null;

    /// <inheritdoc/>
    public static GradientStructure Structure => new(-1, -1);

    /// <summary>R = ½|σ(W3 σ(W2 σ(W1 θ + b1) + b2) + b3) − y|².</summary>
    public static double Risk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ)
    {
        Span<double> h1 = stackalloc double[D1], h2 = stackalloc double[D2], o = stackalloc double[Classes];
        Forward(x, θ, h1, h2, o);
        return HalfSquaredError(o, θ[Inputs..]);
    }

    /// <summary>
    /// Backprop: δ3 = (o − y)⊙o⊙(1 − o), ∇W3 = δ3 h2ᵀ, ∇b3 = δ3; δ2 = (W3ᵀδ3)⊙h2⊙(1 − h2), ∇W2 = δ2 h1ᵀ, ∇b2 = δ2;
    /// δ1 = (W2ᵀδ2)⊙h1⊙(1 − h1), ∇W1 = δ1 θᵀ, ∇b1 = δ1. Returns R.
    /// </summary>
    public static double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient) => Backprop(x, θ, gradient, add: false);

    /// <summary>gradient += ∇ₓR (the rank-1 rows as multiply-adds into the sum); returns R.</summary>
    public static double AddGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient) => Backprop(x, θ, gradient, add: true);

    private static double Backprop(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> gradient, bool add)
    {
        CheckLengths(x, θ, gradient.Length);
        Span<double> h1 = stackalloc double[D1], h2 = stackalloc double[D2], o = stackalloc double[Classes];
        Span<double> d1 = stackalloc double[D1], d2 = stackalloc double[D2], d3 = stackalloc double[Classes];
        Forward(x, θ, h1, h2, o);
        var y = θ[Inputs..];
        for (var k = 0; k < Classes; k++) d3[k] = (o[k] - y[k]) * o[k] * (1 - o[k]);
        BackTransposed(x.Slice(OffW3, Classes * D2), d3, h2, d2);
        BackTransposed(x.Slice(OffW2, D2 * D1), d2, h1, d1);
        Outer(d3, h2, gradient.Slice(OffW3, Classes * D2), add);
        Put(d3, gradient[OffB3..], add);
        Outer(d2, h1, gradient.Slice(OffW2, D2 * D1), add);
        Put(d2, gradient.Slice(OffB2, D2), add);
        Outer(d1, θ[..Inputs], gradient[..OffB1], add);
        Put(d1, gradient.Slice(OffB1, D1), add);
        return HalfSquaredError(o, y);
    }

    /// <summary>∇²ₓR·v by the R-operator: the tangent of the backprop along x + εv.</summary>
    public static void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, Span<double> result)
    {
        CheckLengths(x, θ, result.Length);
        if (v.Length != ParameterCount) throw new ArgumentException($"v has length {v.Length}, expected {ParameterCount}.", nameof(v));
        Tangent(x, θ, v, default, result);
    }

    /// <summary>(∂_θ∇ₓR)·u: the tangent of the backprop along θ + εu.</summary>
    public static void DataJacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> u, Span<double> result)
    {
        CheckLengths(x, θ, result.Length);
        if (u.Length != Inputs + Classes) throw new ArgumentException($"u has length {u.Length}, expected {Inputs + Classes}.", nameof(u));
        Tangent(x, θ, default, u, result);
    }

    /// <summary>R through <see cref="Vec"/>/<see cref="Mat"/>, written like the DSL model: the slow reference.</summary>
    public static double UserRisk(ReadOnlySpan<double> x, ReadOnlySpan<double> θ)
    {
        var w1 = new Mat(D1, Inputs, x[..OffB1]);
        var b1 = new Vec(x.Slice(OffB1, D1));
        var w2 = new Mat(D2, D1, x.Slice(OffW2, D2 * D1));
        var b2 = new Vec(x.Slice(OffB2, D2));
        var w3 = new Mat(Classes, D2, x.Slice(OffW3, Classes * D2));
        var b3 = new Vec(x.Slice(OffB3, Classes));
        var image = new Vec(θ[..Inputs]);
        var label = new Vec(θ[Inputs..]);
        var h1 = Sigmoid(w1 * image + b1);
        var h2 = Sigmoid(w2 * h1 + b2);
        var o = Sigmoid(w3 * h2 + b3);
        return 0.5 * SquaredNorm(o - label);
    }

    /// <summary>The network output o = σ(W3 h2 + b3) for an image (length 784); used for predictions.</summary>
    public static void Output(ReadOnlySpan<double> x, ReadOnlySpan<double> image, Span<double> output)
    {
        Span<double> h1 = stackalloc double[D1], h2 = stackalloc double[D2];
        Forward(x, image, h1, h2, output);
    }

    /// <summary>h1 = σ(W1 θ + b1), h2 = σ(W2 h1 + b2), o = σ(W3 h2 + b3).</summary>
    private static void Forward(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, Span<double> h1, Span<double> h2, Span<double> o)
    {
        var image = θ[..Inputs];
        for (var i = 0; i < D1; i++) h1[i] = Sigmoid(TensorPrimitives.Dot(x.Slice(i * Inputs, Inputs), image) + x[OffB1 + i]);
        Layer(x.Slice(OffW2, D2 * D1), x.Slice(OffB2, D2), h1, h2);
        Layer(x.Slice(OffW3, Classes * D2), x.Slice(OffB3, Classes), h2, o);
    }

    /// <summary>out = σ(W in + b) for a small dense layer.</summary>
    private static void Layer(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> input, Span<double> output)
    {
        var n = input.Length;
        for (var i = 0; i < output.Length; i++)
        {
            var s = b[i];
            for (var j = 0; j < n; j++) s += w[i * n + j] * input[j];
            output[i] = Sigmoid(s);
        }
    }

    /// <summary>δ_prev = (Wᵀ δ) ⊙ h ⊙ (1 − h), where h is the previous layer's activation.</summary>
    private static void BackTransposed(ReadOnlySpan<double> w, ReadOnlySpan<double> delta, ReadOnlySpan<double> h, Span<double> previous)
    {
        var n = h.Length;
        for (var j = 0; j < n; j++)
        {
            var s = 0.0;
            for (var i = 0; i < delta.Length; i++) s += w[i * n + j] * delta[i];
            previous[j] = s * h[j] * (1 - h[j]);
        }
    }

    /// <summary>destination = a bᵀ, or destination += a bᵀ when <paramref name="add"/> (row-major, rows of length |b|).</summary>
    private static void Outer(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination, bool add)
    {
        var n = b.Length;
        for (var i = 0; i < a.Length; i++)
        {
            var row = destination.Slice(i * n, n);
            if (add) TensorPrimitives.MultiplyAdd(b, a[i], row, row);
            else TensorPrimitives.Multiply(b, a[i], row);
        }
    }

    /// <summary>destination = source, or destination += source when <paramref name="add"/>.</summary>
    private static void Put(ReadOnlySpan<double> source, Span<double> destination, bool add)
    {
        if (add) TensorPrimitives.Add(destination[..source.Length], source, destination[..source.Length]);
        else source.CopyTo(destination);
    }

    private static double HalfSquaredError(ReadOnlySpan<double> o, ReadOnlySpan<double> y)
    {
        var s = 0.0;
        for (var k = 0; k < Classes; k++) s += (o[k] - y[k]) * (o[k] - y[k]);
        return 0.5 * s;
    }

    /// <summary>
    /// Directional derivative of the gradient along (x + εv, θ + εu) (either tangent may be empty = 0).
    /// Forward: ȧ1 = V1θ + W1u_img + c1, ḣ1 = s1⊙ȧ1 with s = h⊙(1−h); ȧ2 = V2h1 + W2ḣ1 + c2; ȧ3 likewise; ȯ = s3⊙ȧ3.
    /// Backward: δ̇3 = (ȯ − u_y)⊙s3 + e⊙ȯ⊙(1−2o), e = o − y; δ̇_prev = (V̇ᵀδ + Wᵀδ̇)⊙s + (Wᵀδ)⊙ḣ⊙(1−2h);
    /// (∇W)˙ = δ̇ hᵀ + δ ḣᵀ, (∇b)˙ = δ̇; for W1, ḣ0 = u_img.
    /// </summary>
    private static void Tangent(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> v, ReadOnlySpan<double> u, Span<double> result)
    {
        var hasV = !v.IsEmpty;
        var hasU = !u.IsEmpty;
        var image = θ[..Inputs];
        var y = θ[Inputs..];
        Span<double> h1 = stackalloc double[D1], h2 = stackalloc double[D2], o = stackalloc double[Classes];
        Span<double> t1 = stackalloc double[D1], t2 = stackalloc double[D2], t3 = stackalloc double[Classes];
        Forward(x, θ, h1, h2, o);

        // Forward tangents ḣ1, ḣ2, ȯ.
        for (var i = 0; i < D1; i++)
        {
            var a = 0.0;
            if (hasV) a += TensorPrimitives.Dot(v.Slice(i * Inputs, Inputs), image) + v[OffB1 + i];
            if (hasU) a += TensorPrimitives.Dot(x.Slice(i * Inputs, Inputs), u[..Inputs]);
            t1[i] = h1[i] * (1 - h1[i]) * a;
        }
        TangentLayer(x.Slice(OffW2, D2 * D1), hasV ? v.Slice(OffW2, D2 * D1) : default, hasV ? v.Slice(OffB2, D2) : default, h1, t1, h2, t2);
        TangentLayer(x.Slice(OffW3, Classes * D2), hasV ? v.Slice(OffW3, Classes * D2) : default, hasV ? v.Slice(OffB3, Classes) : default, h2, t2, o, t3);

        // Backward: δ and δ̇ per layer.
        Span<double> d3 = stackalloc double[Classes], e3 = stackalloc double[Classes];
        for (var k = 0; k < Classes; k++)
        {
            var err = o[k] - y[k];
            var s = o[k] * (1 - o[k]);
            d3[k] = err * s;
            var errDot = t3[k] - (hasU ? u[Inputs + k] : 0.0);
            e3[k] = errDot * s + err * t3[k] * (1 - 2 * o[k]);
        }
        Span<double> d2 = stackalloc double[D2], e2 = stackalloc double[D2], d1 = stackalloc double[D1], e1 = stackalloc double[D1];
        TangentBack(x.Slice(OffW3, Classes * D2), hasV ? v.Slice(OffW3, Classes * D2) : default, d3, e3, h2, t2, d2, e2);
        TangentBack(x.Slice(OffW2, D2 * D1), hasV ? v.Slice(OffW2, D2 * D1) : default, d2, e2, h1, t1, d1, e1);

        TangentOuter(d3, e3, h2, t2, result.Slice(OffW3, Classes * D2));
        e3.CopyTo(result[OffB3..]);
        TangentOuter(d2, e2, h1, t1, result.Slice(OffW2, D2 * D1));
        e2.CopyTo(result.Slice(OffB2, D2));
        TangentOuter(d1, e1, image, hasU ? u[..Inputs] : default, result[..OffB1]);
        e1.CopyTo(result.Slice(OffB1, D1));
    }

    /// <summary>ȧ = V in + W ṫ + c, then ṫ_out = out⊙(1−out)⊙ȧ.</summary>
    private static void TangentLayer(ReadOnlySpan<double> w, ReadOnlySpan<double> vw, ReadOnlySpan<double> vb,
        ReadOnlySpan<double> input, ReadOnlySpan<double> inputDot, ReadOnlySpan<double> output, Span<double> outputDot)
    {
        var n = input.Length;
        for (var i = 0; i < output.Length; i++)
        {
            var a = vb.IsEmpty ? 0.0 : vb[i];
            for (var j = 0; j < n; j++) a += w[i * n + j] * inputDot[j];
            if (!vw.IsEmpty) for (var j = 0; j < n; j++) a += vw[i * n + j] * input[j];
            outputDot[i] = output[i] * (1 - output[i]) * a;
        }
    }

    /// <summary>δ_prev = (Wᵀδ)⊙s, δ̇_prev = (Vᵀδ + Wᵀδ̇)⊙s + (Wᵀδ)⊙ḣ⊙(1−2h), s = h⊙(1−h).</summary>
    private static void TangentBack(ReadOnlySpan<double> w, ReadOnlySpan<double> vw, ReadOnlySpan<double> delta, ReadOnlySpan<double> deltaDot,
        ReadOnlySpan<double> h, ReadOnlySpan<double> hDot, Span<double> previous, Span<double> previousDot)
    {
        var n = h.Length;
        for (var j = 0; j < n; j++)
        {
            double g = 0, gDot = 0;
            for (var i = 0; i < delta.Length; i++)
            {
                g += w[i * n + j] * delta[i];
                gDot += w[i * n + j] * deltaDot[i];
                if (!vw.IsEmpty) gDot += vw[i * n + j] * delta[i];
            }
            var s = h[j] * (1 - h[j]);
            previous[j] = g * s;
            previousDot[j] = gDot * s + g * hDot[j] * (1 - 2 * h[j]);
        }
    }

    /// <summary>destination = δ̇ hᵀ + δ ḣᵀ (ḣ empty = 0).</summary>
    private static void TangentOuter(ReadOnlySpan<double> delta, ReadOnlySpan<double> deltaDot, ReadOnlySpan<double> h, ReadOnlySpan<double> hDot, Span<double> destination)
    {
        var n = h.Length;
        for (var i = 0; i < delta.Length; i++)
        {
            var row = destination.Slice(i * n, n);
            TensorPrimitives.Multiply(h, deltaDot[i], row);
            if (!hDot.IsEmpty) TensorPrimitives.MultiplyAdd(hDot, delta[i], row, row);
        }
    }

    private static void CheckLengths(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, int outputLength)
    {
        if (x.Length != ParameterCount) throw new ArgumentException($"{Name}: x has length {x.Length}, expected {ParameterCount}.", nameof(x));
        if (θ.Length != Inputs + Classes) throw new ArgumentException($"{Name}: θ has length {θ.Length}, expected {Inputs + Classes}.", nameof(θ));
        if (outputLength != ParameterCount) throw new ArgumentException($"{Name}: the output has length {outputLength}, expected {ParameterCount}.");
    }
}
