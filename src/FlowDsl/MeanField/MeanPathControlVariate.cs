namespace FlowDsl.MeanField;

/// <summary>
/// A control variate with mean exactly zero for particle SGD and for Gaussian SGD at one α: the first-order (linear)
/// response of Ψ to the noise of every step, along the deterministic mean path (math.md §7.3.4, "the model linearised
/// along the mean path, driven by the same data sequence").
/// </summary>
/// <remarks>
/// <para>The mean path is x̄ᵢ₊₁ = x̄ᵢ + α V(x̄ᵢ) (the deterministic part of one SGD step), and λᵢ = ∇ₓ[Ψ ∘ Dᴷ⁻ⁱ](x̄ᵢ) the
/// sensitivity of Ψ(x̄_K) to a perturbation after step i, by the adjoint recursion λ_K = ∇Ψ(x̄_K),
/// λᵢ = λᵢ₊₁ + α ∇ₓ[λᵢ₊₁·V](x̄ᵢ) (central differences). With Gⱼ = rⱼgⱼ − V the per-atom noise at x̄ᵢ and
/// cᵢⱼ = α λᵢ₊₁·Gⱼ(x̄ᵢ):</para>
/// <code>
/// Λ_SGD = Σᵢ cᵢ,Jᵢ                 (J ~ p: E cᵢ,J = Σⱼ pⱼ cᵢⱼ = 0)
/// Λ_G   = Σᵢ Σⱼ √pⱼ ξᵢⱼ cᵢⱼ         (ξ ~ N(0, I): mean 0)
/// </code>
/// <para>Both have mean exactly zero whatever the accuracy of x̄ and λ (they are deterministic), so subtracting them
/// keeps every estimator unbiased; they remove the O(√α) first-order fluctuation of Ψ, leaving O(α).</para>
/// </remarks>
internal sealed class MeanPathControlVariate
{
    private readonly double[] _coefficients; // [i·N + j] = cᵢⱼ
    private readonly double[] _sqrtWeights;

    private MeanPathControlVariate(double[] coefficients, double[] sqrtWeights, int steps)
    {
        _coefficients = coefficients;
        _sqrtWeights = sqrtWeights;
        Steps = steps;
    }

    /// <summary>K, the SGD steps.</summary>
    public int Steps { get; }

    /// <summary>cᵢⱼ = α λᵢ₊₁·Gⱼ(x̄ᵢ).</summary>
    public double Coefficient(int step, int atom) => _coefficients[step * _sqrtWeights.Length + atom];

    /// <summary>The contribution of SGD step i on atom j to Λ_SGD.</summary>
    public double Sgd(int step, int atom) => Coefficient(step, atom);

    /// <summary>The contribution of a Gaussian step i with normals ξ to Λ_G.</summary>
    public double Gaussian(int step, ReadOnlySpan<double> xi)
    {
        var sum = 0.0;
        var n = _sqrtWeights.Length;
        for (var j = 0; j < n; j++) sum += _sqrtWeights[j] * xi[j] * _coefficients[step * n + j];
        return sum;
    }

    /// <summary>The control variate of observable Ψ for SGD with step α over <paramref name="steps"/> steps from x₀.</summary>
    public static MeanPathControlVariate Build<TModel>(MeanFieldData data, double[] initial, double alpha, int steps, MeasureObservable observable)
        where TModel : IMeanFieldModel
    {
        var evaluator = new MeanFieldEvaluator<TModel>(data, initial.Length / TModel.Layout.ParameterCount);
        var length = initial.Length;
        var path = new double[steps + 1][];
        path[0] = (double[])initial.Clone();
        for (var i = 0; i < steps; i++)
        {
            evaluator.ComputeResidualsAndField(path[i]);
            path[i + 1] = new double[length];
            for (var c = 0; c < length; c++) path[i + 1][c] = path[i][c] + alpha * evaluator.Field[c];
        }

        var count = data.Count;
        var sqrtWeights = data.SqrtWeights.ToArray();
        var coefficients = new double[steps * count];
        var lambda = Gradient(path[steps], x => observable.Evaluate(x));
        var factor = new double[length * count];
        for (var i = steps - 1; i >= 0; i--)
        {
            // cᵢⱼ = α λᵢ₊₁·Gⱼ(x̄ᵢ); the noise factor holds √pⱼ Gⱼ.
            evaluator.ComputeResidualsAndField(path[i]);
            evaluator.NoiseFactor(path[i], factor);
            for (var j = 0; j < count; j++)
            {
                if (sqrtWeights[j] == 0) continue;
                var sum = 0.0;
                for (var c = 0; c < length; c++) sum += lambda[c] * factor[c * count + j];
                coefficients[i * count + j] = alpha * sum / sqrtWeights[j];
            }
            // λᵢ = λᵢ₊₁ + α ∇ₓ[λᵢ₊₁·V](x̄ᵢ).
            var next = lambda;
            var adjoint = Gradient(path[i], x =>
            {
                evaluator.ComputeResidualsAndField(x);
                var dot = 0.0;
                for (var c = 0; c < length; c++) dot += next[c] * evaluator.Field[c];
                return dot;
            });
            lambda = new double[length];
            for (var c = 0; c < length; c++) lambda[c] = next[c] + alpha * adjoint[c];
        }
        return new MeanPathControlVariate(coefficients, sqrtWeights, steps);
    }

    /// <summary>Central differences with a step of 10⁻⁶ relative to each coordinate.</summary>
    private static double[] Gradient(double[] at, Func<double[], double> function)
    {
        var x = (double[])at.Clone();
        var gradient = new double[x.Length];
        for (var c = 0; c < x.Length; c++)
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(at[c]));
            x[c] = at[c] + h;
            var plus = function(x);
            x[c] = at[c] - h;
            var minus = function(x);
            x[c] = at[c];
            gradient[c] = (plus - minus) / (2 * h);
        }
        return gradient;
    }
}
