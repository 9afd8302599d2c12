using FlowDsl.Simulation;
using static FlowDsl.Study.SurrogateCalculus;

namespace FlowDsl.Study;

/// <summary>
/// A continuous model's surrogate control variates (math.md §7.3.4): the Euler–Maruyama scheme of the model,
/// Xₖ₊₁ = Xₖ + h b(Xₖ) + σ(Xₖ)ΔWₖ with h = α/K and the model's own drift b and noise columns σ, expanded to second
/// order in the noise along its deterministic path x̄ₖ₊₁ = x̄ₖ + h b(x̄ₖ), driven by the same ΔWₖ as the simulated model
/// (any scheme). With Aₖ = I + h∇b(x̄ₖ), σₖ = σ(x̄ₖ) and the adjoint λ_{NK} = ∇f(x̄_{NK}), λₖ = Aₖᵀλₖ₊₁:
/// <code>
/// C₁ = ∇f·δ¹_{NK} = Σₖ λₖ₊₁·σₖΔWₖ                                      (δ¹ₖ₊₁ = Aₖδ¹ₖ + σₖΔWₖ)
/// C₂ = ∇f·δ²_{NK} + ½δ¹ᵀ∇²f δ¹ = Σₖ [(h/2)δ¹ₖᵀMₖδ¹ₖ + δ¹ₖ·GₖΔWₖ] + ½δ¹_{NK}ᵀ∇²f δ¹_{NK}
/// </code>
/// with Mₖ = −∇³R̄(x̄ₖ)[λₖ₊₁] (the Hessian of λₖ₊₁·b for the order-1 drift; the O(α) part of the order-2 drift is left
/// out, an O(α²) term per path) and Gₖ the d×m matrix ∂ᵢ(λₖ₊₁·σʲ)(x̄ₖ). E C₁ = 0 and, because δ¹ₖ is independent of ΔWₖ
/// (no Itô term in the Euler expansion), E C₂ = Σₖ (h/2)tr(MₖPₖ) + ½tr(∇²f P_{NK}) with Pₖ₊₁ = AₖPₖAₖᵀ + hσₖσₖᵀ, P₀ = 0.
/// A path reports (C₁, C₂ − E C₂).
/// </summary>
internal sealed class ModelSurrogate
{
    private readonly int _d, _rank;
    private readonly double[][] _transitions, _columns, _weights;
    private readonly double[][]? _curvature, _noiseGradient; // null for a first-order surrogate
    private readonly double[]? _halfObservable;

    private ModelSurrogate(int d, int rank, double[][] transitions, double[][] columns, double[][] weights, double[][]? curvature,
        double[][]? noiseGradient, double[]? halfObservable, double quadraticMean)
    {
        (_d, _rank) = (d, rank);
        (_transitions, _columns, _weights, _curvature, _noiseGradient, _halfObservable) = (transitions, columns, weights, curvature, noiseGradient, halfObservable);
        QuadraticMean = quadraticMean;
    }

    /// <summary>E C₂, exact for the tensors of this surrogate.</summary>
    public double QuadraticMean { get; }

    /// <summary>
    /// The surrogate of <paramref name="total"/> solver steps of size h from <paramref name="start"/> for the model whose
    /// drift and noise columns <paramref name="model"/> evaluates, observable f.
    /// </summary>
    /// <remarks>With <paramref name="secondOrder"/> false only what C₁ needs is built (x̄, Aₖ, σₖ, λ) and a path reports (C₁, 0).</remarks>
    public static ModelSurrogate Build<TModel>(MeanRisk<TModel> mean, SdeWorker<TModel> model, double[] start, double h, int total, Observable f,
        bool secondOrder = true)
        where TModel : IRiskModel
    {
        var d = mean.Dimension;
        var rank = model.Rank;
        var points = new double[total + 1][];
        points[0] = (double[])start.Clone();
        var b = new double[d];
        for (var k = 0; k < total; k++)
        {
            model.Drift(points[k], b);
            points[k + 1] = new double[d];
            for (var i = 0; i < d; i++) points[k + 1][i] = points[k][i] + h * b[i];
        }
        var transitions = new double[total][];
        var columns = new double[total][];
        for (var k = 0; k < total; k++)
        {
            var a = Jacobian(d, points[k], (x, result) => model.Drift(x, result));
            for (var i = 0; i < a.Length; i++) a[i] *= h;
            for (var i = 0; i < d; i++) a[i * d + i] += 1;
            transitions[k] = a; // Aₖ = I + h∇b(x̄ₖ)
            columns[k] = new double[d * rank];
            model.Columns(points[k], columns[k]); // column j at [j·d, (j+1)·d)
        }
        var adjoint = new double[total + 1][]; // adjoint[k] = λₖ
        adjoint[total] = Gradient(f, points[total]);
        for (var k = total - 1; k >= 0; k--) adjoint[k] = TransposeTimes(transitions[k], adjoint[k + 1], d);
        var weights = new double[total][];
        for (var k = 0; k < total; k++)
        {
            weights[k] = new double[rank];
            for (var j = 0; j < rank; j++) weights[k][j] = Dot(adjoint[k + 1], columns[k].AsSpan(j * d, d));
        }
        if (!secondOrder) return new ModelSurrogate(d, rank, transitions, columns, weights, null, null, null, 0);
        var curvature = new double[total][];
        var noiseGradient = new double[total][];
        for (var k = 0; k < total; k++)
        {
            var lambda = adjoint[k + 1];
            curvature[k] = ThirdContracted(mean, points[k], lambda);
            for (var i = 0; i < curvature[k].Length; i++) curvature[k][i] *= -h / 2; // stored as (h/2)Mₖ
            // Gₖ[i, j] = ∂ᵢ(λ·σʲ): the Jacobian of x ↦ (λ·σʲ(x))ⱼ, stored [j·d + i].
            var column = new double[d * rank];
            var jacobian = Jacobian(rank, points[k], (x, result) =>
            {
                model.Columns(x, column);
                for (var j = 0; j < rank; j++) result[j] = Dot(lambda, column.AsSpan(j * d, d));
            });
            noiseGradient[k] = jacobian; // row j = ∇(λ·σʲ)
        }
        var halfObservable = Hessian(f, points[total]);
        for (var i = 0; i < halfObservable.Length; i++) halfObservable[i] /= 2;

        // E C₂ = Σₖ tr((h/2)MₖPₖ) + tr(½∇²f P), Pₖ₊₁ = AₖPₖAₖᵀ + hσₖσₖᵀ.
        var p = new double[d * d];
        var q = new double[d * d];
        var scratch = new double[d * d];
        double expectation = 0;
        for (var k = 0; k < total; k++)
        {
            expectation += Trace(curvature[k], p);
            Array.Clear(q);
            for (var j = 0; j < rank; j++)
            {
                var c = columns[k].AsSpan(j * d, d);
                for (var r = 0; r < d; r++)
                    for (var s = 0; s < d; s++) q[r * d + s] += h * c[r] * c[s];
            }
            Propagate(transitions[k], p, q, d, scratch);
        }
        expectation += Trace(halfObservable, p);
        return new ModelSurrogate(d, rank, transitions, columns, weights, curvature, noiseGradient, halfObservable, expectation);
    }

    /// <summary>The per-path controls (C₁, C₂ − E C₂) for <see cref="SdeSimulator{TModel}.Controls"/>.</summary>
    public PathControls<ISdePathControl> Controls() => new(2, () => new Worker(this));

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double[] TransposeTimes(double[] a, double[] v, int d)
    {
        var result = new double[d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) result[j] += a[i * d + j] * v[i];
        return result;
    }

    private sealed class Worker(ModelSurrogate s) : ISdePathControl
    {
        private readonly double[] _delta = new double[s._d], _next = new double[s._d];
        private double _first, _second;

        public void Begin()
        {
            Array.Clear(_delta);
            _first = _second = 0;
        }

        public void Step(int step, ReadOnlySpan<double> dW)
        {
            var (d, rank) = (s._d, s._rank);
            var weights = s._weights[step];
            if (s._noiseGradient is null)
            {
                double sum = 0; // C₁ alone (summed as below, so the same bits): no δ¹ to carry
                for (var j = 0; j < rank; j++) sum += weights[j] * dW[j];
                _first += sum;
                return;
            }
            var g = s._noiseGradient[step];
            var columns = s._columns[step];
            var a = s._transitions[step];
            double linear = 0, cross = 0;
            for (var j = 0; j < rank; j++)
            {
                linear += weights[j] * dW[j];
                cross += Dot(g.AsSpan(j * d, d), _delta) * dW[j];
            }
            _first += linear;
            _second += Quadratic(s._curvature![step], _delta) + cross;
            for (var i = 0; i < d; i++)
            {
                double sum = 0;
                for (var j = 0; j < d; j++) sum += a[i * d + j] * _delta[j];
                _next[i] = sum;
            }
            for (var j = 0; j < rank; j++)
            {
                var c = columns.AsSpan(j * d, d);
                var w = dW[j];
                for (var i = 0; i < d; i++) _next[i] += c[i] * w;
            }
            _next.CopyTo(_delta, 0);
        }

        public void End(Span<double> values)
        {
            values[0] = _first;
            values[1] = s._halfObservable is null ? 0 : _second + Quadratic(s._halfObservable, _delta) - s.QuadraticMean;
        }
    }
}
