using System.Buffers;
using System.Numerics.Tensors;
using FlowDsl.Random;
using FlowDsl.Simd;

namespace FlowDsl;

/// <summary>
/// The mean quantities of a risk model under a law P (math.md §0.1), computed exactly whenever possible:
/// ∇R(x) = E_θ∇R(x,θ), ∇²R(x)v, the gradient noise G(x,θ) = ∇R(x) − ∇R(x,θ) and the two-point kernel
/// Σ(x,y) = E_θ[G(x,θ)G(y,θ)ᵀ]. <see cref="Method"/> says how; <see cref="IsExact"/> is false only for the fixed-sample fallback.
/// </summary>
/// <typeparam name="TModel">The (generated) model; all kernels are static calls.</typeparam>
public sealed class MeanRisk<TModel> where TModel : IRiskModel
{
    /// <summary>Default size of the fixed sample used when no exact rule exists.</summary>
    public const int DefaultFallbackSampleSize = 20_000;

    private readonly Quadrature? _meanRule;   // exact for degree p (means of ∇R and ∇²R·v)
    private readonly Quadrature? _kernelRule; // exact for degree 2p (Σ)
    private readonly double[] _dataMean = [];
    private readonly double[][] _rootColumns = []; // columns of S^{1/2} (affine in data)
    private readonly double[]? _meanMatrix;        // Ā (d×d) when ∇R is affine in x: ∇R(x) = Āx − c̄, ∇²R = Ā
    private readonly double[]? _meanOffset;        // c̄
    private readonly double[] _ruleCumulative = []; // cumulative weights of the adaptive rule (drawing θ from it)
    private INodeLaneKernels? _lanes;                // the model's node lanes over _meanRule, when the means are sums over it

    /// <summary>The mean quantities of <typeparamref name="TModel"/> under <paramref name="law"/> (default: the model's law).</summary>
    /// <param name="law">The law of θ; <c>null</c> takes <c>TModel.DefaultLaw</c>.</param>
    /// <param name="fallbackSampleSize">Sample size when no exact rule exists (documented as inexact).</param>
    /// <param name="fallbackSeed">Seed of that fixed sample.</param>
    /// <param name="accuracy">The accuracy of the adaptive Gauss rules used when no finite rule is exact (default <see cref="MeanAccuracy.Default"/>);
    /// when even 2 points per axis exceed its node budget (large data dimension), a fixed sample is used instead, and every simulator sees that sample.</param>
    public MeanRisk(Law? law = null, int fallbackSampleSize = DefaultFallbackSampleSize, ulong fallbackSeed = 0x5EED_F10DUL, MeanAccuracy? accuracy = null)
    {
        Law = law ?? TModel.DefaultLaw ?? throw new ArgumentException(
            $"Model '{TModel.Name}' declares no [Law]; pass the law of θ explicitly.", nameof(law));
        Dimension = TModel.Layout.ParameterCount;
        DataDimension = TModel.Layout.DataCount;
        if (Law.Dimension != DataDimension)
            throw new ArgumentException(
                $"The law has dimension {Law.Dimension}, but model '{TModel.Name}' expects data θ of length {DataDimension} ({TModel.Layout}).", nameof(law));
        if (fallbackSampleSize < 1)
            throw new ArgumentOutOfRangeException(nameof(fallbackSampleSize), fallbackSampleSize, "The fallback sample size must be at least 1.");

        var degree = TModel.Structure.DegreeInData;
        if (degree is 0 or 1 && Law.Mean is { } lawMean && Law.Covariance is { } covariance)
        {
            // ∇R affine in θ: E∇R(x,θ) = ∇R(x, Eθ) and G = −J(x)(θ − Eθ), exactly, for any law with a mean and covariance.
            Method = MeanMethod.AffineInData;
            _dataMean = lawMean;
            var root = NormalLaw.SymmetricSquareRoot(covariance);
            _rootColumns = new double[DataDimension][];
            for (var k = 0; k < DataDimension; k++)
            {
                _rootColumns[k] = new double[DataDimension];
                for (var i = 0; i < DataDimension; i++) _rootColumns[k][i] = root[i, k];
            }
        }
        else if (Law.Support is { } support)
        {
            Method = MeanMethod.Support;
            _meanRule = _kernelRule = support;
        }
        else if (degree >= 0 && Law.ExactQuadrature(degree) is { } meanRule && Law.ExactQuadrature(2 * degree) is { } kernelRule)
        {
            Method = MeanMethod.ExactQuadrature;
            _meanRule = meanRule;
            _kernelRule = kernelRule;
        }
        else if (LawAxes.Of(Law) is { } axes && axes.NodeCount(axes.InitialPoints()) <= (accuracy ?? MeanAccuracy.Default).MaxNodes)
        {
            // No finite rule is exact: refine tensor Gauss rules to the stated accuracy. The rule is then the law every
            // simulator of this instance sees (SGD draws from it too, SampleData), so there is no silent change of problem.
            Method = MeanMethod.AdaptiveQuadrature;
            Adaptive = AdaptiveMeans.Build<TModel>(axes, accuracy ?? MeanAccuracy.Default);
            Axes = axes;
            Accuracy = accuracy ?? MeanAccuracy.Default;
            _meanRule = _kernelRule = Adaptive.Rule;
        }
        else
        {
            Method = MeanMethod.FixedSample;
            var weights = new double[fallbackSampleSize];
            var nodes = new double[fallbackSampleSize][];
            for (var s = 0; s < fallbackSampleSize; s++)
            {
                var rng = new CounterRng(fallbackSeed, (uint)s, 0, RandomStreams.MeanSample);
                nodes[s] = new double[DataDimension];
                Law.Sample(ref rng, nodes[s]);
                weights[s] = 1.0 / fallbackSampleSize;
            }
            _meanRule = _kernelRule = new Quadrature(weights, nodes);
        }
        if (!IsExact)
        {
            _ruleCumulative = new double[_meanRule!.Count];
            double running = 0;
            for (var n = 0; n < _ruleCumulative.Length; n++) _ruleCumulative[n] = running += _meanRule.Weights[n];
            _ruleCumulative[^1] = 1.0;
        }
        (_meanMatrix, _meanOffset) = AffineInParameters(this);
        UseNodeLanes(SimdWidth.Auto);
    }

    /// <summary>
    /// Sums over the nodes through the model's generated node lanes at <paramref name="width"/> (the default, Auto, is the
    /// widest accelerated width; every width gives the same bits), or, with null, through one span-kernel call per node
    /// (the reference the lanes are tested against). Only when the means are sums over the nodes of one rule with no
    /// affine-in-x shortcut (which is exact and cheaper) and the model has node lanes.
    /// </summary>
    internal void UseNodeLanes(SimdWidth? width) =>
        _lanes = width is { } w && _meanMatrix is null && Method != MeanMethod.AffineInData && ReferenceEquals(_meanRule, _kernelRule)
            ? NodeLaneKernels.Create<TModel>(_meanRule!, w)
            : null;

    /// <summary>Whether the node sums run on the model's node lanes (see <see cref="UseNodeLanes"/>).</summary>
    internal bool HasNodeLanes => _lanes is not null;

    /// <summary>
    /// When ∇R(x,θ) = A(θ)x − c(θ) (affine in x), the exact means are precomputed once from the rule above —
    /// c̄ = −∇R(0) and Āeₖ = ∇²R(0)eₖ — so ∇R(x) = Āx − c̄ and ∇²R(x)v = Āv cost O(d²) instead of a sum over nodes.
    /// </summary>
    private static (double[]? Matrix, double[]? Offset) AffineInParameters(MeanRisk<TModel> mean)
    {
        var d = mean.Dimension;
        if (!TModel.Structure.IsAffineInParameters || d > 64) return (null, null);
        var zero = new double[d];
        var offset = new double[d];
        mean.Gradient(zero, offset);
        for (var i = 0; i < d; i++) offset[i] = -offset[i];
        var matrix = new double[d * d];
        var e = new double[d];
        var column = new double[d];
        for (var k = 0; k < d; k++)
        {
            Array.Clear(e);
            e[k] = 1;
            mean.HessianVectorProduct(zero, e, column);
            for (var i = 0; i < d; i++) matrix[i * d + k] = column[i];
        }
        return (matrix, offset);
    }

    /// <summary>The law P of θ.</summary>
    public Law Law { get; }
    /// <summary>How the expectations are computed.</summary>
    public MeanMethod Method { get; }
    /// <summary>True when the expectations are exact for P (not for an adaptive rule or a fixed sample).</summary>
    public bool IsExact => Method is not (MeanMethod.FixedSample or MeanMethod.AdaptiveQuadrature);

    /// <summary>The adaptive Gauss rule, its orders and error estimate (<see cref="MeanMethod.AdaptiveQuadrature"/> only).</summary>
    public AdaptiveRule? Adaptive { get; }

    /// <summary>The accuracy asked of the adaptive rule (<see cref="MeanMethod.AdaptiveQuadrature"/> only).</summary>
    public MeanAccuracy? Accuracy { get; }

    /// <summary>The axes of the law the adaptive rule was built on (for coupled SGD draws from the rule).</summary>
    internal LawAxes? Axes { get; }

    /// <summary>
    /// The law the simulators actually see: P itself when the means are exact, otherwise the rule Q they are computed
    /// with (an adaptive Gauss rule, or the fixed sample). Draws θ from it into <paramref name="θ"/>.
    /// </summary>
    internal void SampleData(ref CounterRng random, Span<double> θ)
    {
        if (IsExact)
        {
            Law.Sample(ref random, θ);
            return;
        }
        var u = random.NextUniform();
        var index = Array.BinarySearch(_ruleCumulative, u);
        if (index < 0) index = ~index;
        _meanRule!.Nodes[Math.Min(index, _ruleCumulative.Length - 1)].CopyTo(θ);
    }
    /// <summary>d.</summary>
    public int Dimension { get; }
    /// <summary>The length of θ.</summary>
    public int DataDimension { get; }

    /// <summary>One line for reports, e.g. "exact: 2 atoms of the support".</summary>
    public string Description => Method switch
    {
        MeanMethod.Support => $"exact: sum over the {_meanRule!.Count} atoms of the support",
        MeanMethod.AffineInData => "exact: ∇R affine in θ, E∇R(x,θ) = ∇R(x, Eθ) and Σ(x,y) = J(x) Cov(θ) J(y)ᵀ",
        MeanMethod.AdaptiveQuadrature => $"{(Adaptive!.Converged ? "" : "NOT CONVERGED: ")}tensor Gauss rule Q with {string.Join("×", Adaptive.Points)} points per axis ({Adaptive.Rule.Count} nodes), " +
                                         $"estimated relative error {Adaptive.ErrorEstimate:0.0e+0} (tolerance {Accuracy!.Tolerance:0.0e+0}); SGD and the models both see Q",
        MeanMethod.ExactQuadrature => $"exact: quadrature of degree {TModel.Structure.DegreeInData} ({_meanRule!.Count} nodes) and {2 * TModel.Structure.DegreeInData} ({_kernelRule!.Count} nodes)",
        _ => $"INEXACT: average over a fixed sample of {_meanRule!.Count} draws of θ (no exact or adaptive rule for this model and law); SGD and the models both see this sample",
    };

    /// <summary>Atoms/nodes θⱼ with weights pⱼ that reproduce Σ(x,y) exactly, or <c>null</c> for <see cref="MeanMethod.AffineInData"/>.</summary>
    public Quadrature? KernelNodes => _kernelRule;

    /// <summary>The mean of θ (affine-in-data case only).</summary>
    internal ReadOnlySpan<double> DataMean => _dataMean;

    /// <summary>Columns uₖ of Cov(θ)^{1/2} (affine-in-data case only).</summary>
    internal double[][] RootColumns => _rootColumns;

    /// <summary>∇R(x) = E_θ ∇ₓR(x,θ) into <paramref name="gradient"/>.</summary>
    public void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (_meanMatrix is { } a)
        {
            MatrixTimes(a, x, gradient);
            for (var i = 0; i < Dimension; i++) gradient[i] -= _meanOffset![i];
            return;
        }
        if (Method == MeanMethod.AffineInData)
        {
            TModel.Gradient(x, _dataMean, gradient);
            return;
        }
        if (_lanes is { } lanes)
        {
            var buffer = ArrayPool<double>.Shared.Rent(Dimension * lanes.Stride);
            lanes.Gradients(x, buffer);
            WeightedSums(buffer, gradient);
            ArrayPool<double>.Shared.Return(buffer);
            return;
        }
        var rule = _meanRule!;
        gradient.Clear();
        Span<double> g = Dimension <= 256 ? stackalloc double[Dimension] : new double[Dimension];
        for (var n = 0; n < rule.Count; n++)
        {
            TModel.Gradient(x, rule.Nodes[n], g);
            var w = rule.Weights[n];
            for (var i = 0; i < Dimension; i++) gradient[i] += w * g[i];
        }
    }

    /// <summary>∇²R(x)·v = E_θ ∇²ₓR(x,θ)·v into <paramref name="result"/>.</summary>
    public void HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        if (_meanMatrix is { } a)
        {
            MatrixTimes(a, v, result);
            return;
        }
        if (Method == MeanMethod.AffineInData)
        {
            TModel.HessianVectorProduct(x, _dataMean, v, result);
            return;
        }
        if (_lanes is { } lanes)
        {
            var buffer = ArrayPool<double>.Shared.Rent(Dimension * lanes.Stride);
            lanes.HessianVectorProducts(x, v, buffer);
            WeightedSums(buffer, result);
            ArrayPool<double>.Shared.Return(buffer);
            return;
        }
        var rule = _meanRule!;
        result.Clear();
        Span<double> h = Dimension <= 256 ? stackalloc double[Dimension] : new double[Dimension];
        for (var n = 0; n < rule.Count; n++)
        {
            TModel.HessianVectorProduct(x, rule.Nodes[n], v, h);
            var w = rule.Weights[n];
            for (var i = 0; i < Dimension; i++) result[i] += w * h[i];
        }
    }

    /// <summary>G(x,θ) = ∇R(x) − ∇ₓR(x,θ) into <paramref name="noise"/>, given the mean gradient ∇R(x).</summary>
    public static void GradientNoise(ReadOnlySpan<double> x, ReadOnlySpan<double> θ, ReadOnlySpan<double> meanGradient, Span<double> noise)
    {
        TModel.Gradient(x, θ, noise);
        for (var i = 0; i < noise.Length; i++) noise[i] = meanGradient[i] - noise[i];
    }

    /// <summary>The two-point kernel Σ(x,y) = E_θ[G(x,θ)G(y,θ)ᵀ] into <paramref name="kernel"/> (d×d, row-major); Σ(x) = Σ(x,x).</summary>
    public void NoiseKernel(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> kernel)
    {
        var d = Dimension;
        kernel[..(d * d)].Clear();
        Span<double> buffer = d <= 64 ? stackalloc double[4 * d] : new double[4 * d];
        var gx = buffer[..d];
        var gy = buffer.Slice(d, d);
        var mx = buffer.Slice(2 * d, d);
        var my = buffer.Slice(3 * d, d);
        if (Method == MeanMethod.AffineInData)
        {
            // Σ(x) = Σ(x,x), as the SME noise asks every step: one product per column serves both sides.
            var same = x.Length == y.Length && System.Runtime.CompilerServices.Unsafe.AreSame(
                ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x), ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y));
            if (same && d == 2)
            {
                TwoDimensionalAffineKernel(x, gx, kernel);
                return;
            }
            foreach (var u in _rootColumns)
            {
                TModel.DataJacobianProduct(x, _dataMean, u, gx);
                if (!same) TModel.DataJacobianProduct(y, _dataMean, u, gy);
                AddOuter(kernel, 1.0, gx, same ? gx : gy);
            }
            return;
        }
        var rule = _kernelRule!;
        if (x.SequenceEqual(y))
        {
            // Σ(x) = Σ(x,x): one mean gradient and one G per node (half the work; the SME noise asks for this every step).
            Gradient(x, mx);
            if (d == 2)
            {
                TwoDimensionalRuleKernel(x, rule, mx, kernel);
                return;
            }
            for (var n = 0; n < rule.Count; n++)
            {
                GradientNoise(x, rule.Nodes[n], mx, gx);
                AddOuter(kernel, rule.Weights[n], gx, gx);
            }
            return;
        }
        Gradient(x, mx);
        Gradient(y, my);
        for (var n = 0; n < rule.Count; n++)
        {
            GradientNoise(x, rule.Nodes[n], mx, gx);
            GradientNoise(y, rule.Nodes[n], my, gy);
            AddOuter(kernel, rule.Weights[n], gx, gy);
        }
    }

    /// <summary>
    /// Whether the per-node path (<see cref="NodeGradients"/>, <see cref="KernelFromNodes"/>) applies: the means are sums over
    /// one rule with no affine-in-x shortcut, and one gradient per node fits in 8 MB.
    /// </summary>
    internal bool HasNodePath => _meanMatrix is null && Method != MeanMethod.AffineInData && ReferenceEquals(_meanRule, _kernelRule)
                                 && (long)_kernelRule!.Count * Dimension <= 1 << 20;

    /// <summary>The number of nodes of the rule (<see cref="HasNodePath"/> only).</summary>
    internal int NodeCount => _kernelRule!.Count;

    /// <summary>The length of the node-gradient buffer of <see cref="NodeGradients"/> (<see cref="HasNodePath"/> only).</summary>
    internal int NodeGradientsLength => _lanes is { } lanes ? Dimension * lanes.Stride : NodeCount * Dimension;

    /// <summary>The length of the scratch of <see cref="KernelFromNodes"/> (<see cref="HasNodePath"/> only).</summary>
    internal int KernelScratchLength => _lanes is not null ? (Dimension + 1) * NodeCount : Dimension;

    /// <summary>resultᵢ = Σₙ wₙ·rowᵢ[n] over the node rows of <paramref name="rows"/> (stride <see cref="INodeLaneKernels.Stride"/>), in the fixed order of <see cref="FixedOrderReductions"/>.</summary>
    private void WeightedSums(ReadOnlySpan<double> rows, Span<double> result)
    {
        var weights = _meanRule!.Weights.AsSpan();
        var stride = _lanes!.Stride;
        for (var i = 0; i < Dimension; i++) result[i] = FixedOrderReductions.Dot(weights, rows.Slice(i * stride, weights.Length));
    }

    /// <summary>
    /// gₙ = ∇ₓR(x,θₙ) for every node into <paramref name="gradients"/> (node n at [n·d, (n+1)·d), or with node lanes coordinate i
    /// of node n at [i·stride + n]; length <see cref="NodeGradientsLength"/>) and ∇R(x) = Σₙ wₙgₙ into <paramref name="meanGradient"/>,
    /// bit for bit what <see cref="Gradient"/> returns (<see cref="HasNodePath"/> only).
    /// </summary>
    internal void NodeGradients(ReadOnlySpan<double> x, Span<double> gradients, Span<double> meanGradient)
    {
        if (_lanes is { } lanes)
        {
            // Node lanes: the buffer is by coordinate (row i = coordinate i of every node), see NodeGradientsLength.
            lanes.Gradients(x, gradients);
            WeightedSums(gradients, meanGradient);
            return;
        }
        var rule = _kernelRule!;
        var d = Dimension;
        meanGradient[..d].Clear();
        for (var n = 0; n < rule.Count; n++)
        {
            var g = gradients.Slice(n * d, d);
            TModel.Gradient(x, rule.Nodes[n], g);
            var w = rule.Weights[n];
            for (var i = 0; i < d; i++) meanGradient[i] += w * g[i];
        }
    }

    /// <summary>
    /// Σ(x) = Σₙ wₙ (gₙ − ∇R)(gₙ − ∇R)ᵀ from the node gradients of <see cref="NodeGradients"/> (two-pass centring, no model
    /// call), the upper triangle summed and mirrored; <paramref name="centred"/> is scratch of length <see cref="KernelScratchLength"/>.
    /// </summary>
    internal void KernelFromNodes(ReadOnlySpan<double> gradients, ReadOnlySpan<double> meanGradient, Span<double> kernel, Span<double> centred)
    {
        var rule = _kernelRule!;
        var d = Dimension;
        if (_lanes is { } lanes)
        {
            // By coordinate: cᵢ = gᵢ − ∇Rᵢ over the nodes, then Σᵢⱼ = Σₙ (wₙcᵢₙ)cⱼₙ as fixed-order dots (upper triangle, mirrored).
            var count = rule.Count;
            for (var i = 0; i < d; i++)
                TensorPrimitives.Subtract(gradients.Slice(i * lanes.Stride, count), meanGradient[i], centred.Slice(i * count, count));
            var weighted = centred.Slice(d * count, count);
            for (var i = 0; i < d; i++)
            {
                TensorPrimitives.Multiply(rule.Weights, centred.Slice(i * count, count), weighted);
                for (var j = i; j < d; j++) kernel[i * d + j] = kernel[j * d + i] = FixedOrderReductions.Dot(weighted, centred.Slice(j * count, count));
            }
            return;
        }
        kernel[..(d * d)].Clear();
        for (var n = 0; n < rule.Count; n++)
        {
            var g = gradients.Slice(n * d, d);
            for (var i = 0; i < d; i++) centred[i] = g[i] - meanGradient[i];
            var w = rule.Weights[n];
            for (var i = 0; i < d; i++)
            {
                var wa = w * centred[i];
                var row = kernel.Slice(i * d, d);
                for (var j = i; j < d; j++) row[j] += wa * centred[j];
            }
        }
        for (var i = 0; i < d; i++)
            for (var j = 0; j < i; j++) kernel[i * d + j] = kernel[j * d + i];
    }

    /// <summary>
    /// For d = 1 with ∇R affine in x: (Ā, c̄), so that <see cref="Gradient"/> is (0 + Ā·x) − c̄ and <see cref="HessianVectorProduct"/>
    /// is 0 + Ā·v (the operations of <see cref="MatrixTimes"/> for one entry); otherwise null.
    /// </summary>
    internal (double Matrix, double Offset)? ScalarAffine => Dimension == 1 && _meanMatrix is { } a ? (a[0], _meanOffset![0]) : null;

    private void MatrixTimes(double[] a, ReadOnlySpan<double> v, Span<double> result)
    {
        var d = Dimension;
        for (var i = 0; i < d; i++)
        {
            double sum = 0;
            for (var k = 0; k < d; k++) sum += a[i * d + k] * v[k];
            result[i] = sum;
        }
    }

    private static void AddOuter(Span<double> kernel, double w, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = a.Length;
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) kernel[i * d + j] += w * a[i] * b[j];
    }

    // Σ(x) for d = 2 with the four entries summed in registers instead of memory: the same sums in the same order as
    // AddOuter's (each entry starts at 0 and adds (w·gᵢ)·gⱼ per node), so the same bits. (For d = 1 it saved nothing.)
    // The model is called for a batch of nodes first and the sums run after it, so the sums are not spilled around each call.
    // The model's Gradient is called through a pointer looked up once, not through this shared generic code's per-call lookup.
    [System.Runtime.CompilerServices.SkipLocalsInit] // every gradient is written before it is read
    private static unsafe void TwoDimensionalRuleKernel(ReadOnlySpan<double> x, Quadrature rule, ReadOnlySpan<double> meanGradient, Span<double> kernel)
    {
        delegate*<ReadOnlySpan<double>, ReadOnlySpan<double>, Span<double>, double> gradient = &TModel.Gradient;
        const int batch = 64;
        Span<double> gradients = stackalloc double[2 * batch];
        Span<double> sums = stackalloc double[4];
        sums.Clear();
        var nodes = rule.Nodes;
        for (var first = 0; first < nodes.Length; first += batch)
        {
            var count = Math.Min(batch, nodes.Length - first);
            for (var n = 0; n < count; n++) gradient(x, nodes[first + n], gradients.Slice(2 * n, 2));
            AddTwoDimensionalTerms(gradients[..(2 * count)], rule.Weights.AsSpan(first, count), meanGradient, sums);
        }
        StoreTwoDimensionalKernel(kernel, sums[0], sums[1], sums[2], sums[3]);
    }

    // sums += Σₙ wₙ gₙgₙᵀ (row-major 2×2) with gₙ = ∇R(x) − ∇R(x,θₙ) as GradientNoise forms it, node after node.
    private static void AddTwoDimensionalTerms(ReadOnlySpan<double> gradients, ReadOnlySpan<double> weights, ReadOnlySpan<double> meanGradient, Span<double> sums)
    {
        double m0 = meanGradient[0], m1 = meanGradient[1];
        double k00 = sums[0], k01 = sums[1], k10 = sums[2], k11 = sums[3];
        for (var n = 0; n < weights.Length; n++)
        {
            double g0 = m0 - gradients[2 * n], g1 = m1 - gradients[2 * n + 1];
            var w = weights[n];
            double w0 = w * g0, w1 = w * g1;
            k00 += w0 * g0;
            k01 += w0 * g1;
            k10 += w1 * g0;
            k11 += w1 * g1;
        }
        (sums[0], sums[1], sums[2], sums[3]) = (k00, k01, k10, k11);
    }

    // The affine-in-data Σ(x) = Σᵤ (J(x)u)(J(x)u)ᵀ for d = 2, as TwoDimensionalRuleKernel (weight 1: 1·aᵢ·aⱼ = aᵢ·aⱼ exactly).
    private void TwoDimensionalAffineKernel(ReadOnlySpan<double> x, Span<double> g, Span<double> kernel)
    {
        double k00 = 0, k01 = 0, k10 = 0, k11 = 0;
        foreach (var u in _rootColumns)
        {
            TModel.DataJacobianProduct(x, _dataMean, u, g);
            double g0 = g[0], g1 = g[1];
            k00 += g0 * g0;
            k01 += g0 * g1;
            k10 += g1 * g0;
            k11 += g1 * g1;
        }
        StoreTwoDimensionalKernel(kernel, k00, k01, k10, k11);
    }

    private static void StoreTwoDimensionalKernel(Span<double> kernel, double k00, double k01, double k10, double k11)
    {
        kernel[3] = k11;
        kernel[2] = k10;
        kernel[1] = k01;
        kernel[0] = k00;
    }
}
