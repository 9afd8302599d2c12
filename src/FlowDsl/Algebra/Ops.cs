namespace FlowDsl;

/// <summary>
/// The functions of the model language, for scalars and entrywise for <see cref="Vec"/> and <see cref="Mat"/>.
/// Write <c>using static FlowDsl.Ops;</c> in a model file. <c>Math.X</c> resolves to the same functions.
/// </summary>
/// <remarks>
/// Non-smooth functions use these subgradient conventions: <c>Relu'(0) = 0</c>, <c>Abs'(0) = 0</c>.
/// </remarks>
public static class Ops
{
    // ---- scalar functions -------------------------------------------------------------------

    /// <summary>eˣ.</summary>
    public static double Exp(double x) => Math.Exp(x);
    /// <summary>Natural logarithm.</summary>
    public static double Log(double x) => Math.Log(x);
    /// <summary>√x.</summary>
    public static double Sqrt(double x) => Math.Sqrt(x);
    /// <summary>xᵖ for a constant exponent p.</summary>
    public static double Pow(double x, double p) => Math.Pow(x, p);
    /// <summary>sin x.</summary>
    public static double Sin(double x) => Math.Sin(x);
    /// <summary>cos x.</summary>
    public static double Cos(double x) => Math.Cos(x);
    /// <summary>tanh x.</summary>
    public static double Tanh(double x) => Math.Tanh(x);
    /// <summary>The logistic function σ(x) = 1/(1 + e^{−x}).</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));
    /// <summary>softplus(x) = log(1 + eˣ), computed without overflow.</summary>
    public static double Softplus(double x) => x > 0 ? x + Math.Log(1.0 + Math.Exp(-x)) : Math.Log(1.0 + Math.Exp(x));
    /// <summary>max(x, 0).</summary>
    public static double Relu(double x) => x > 0 ? x : 0.0;
    /// <summary>|x|.</summary>
    public static double Abs(double x) => Math.Abs(x);
    /// <summary>x².</summary>
    public static double Square(double x) => x * x;

    // ---- entrywise on vectors --------------------------------------------------------------

    /// <summary>Entrywise eˣ.</summary>
    public static Vec Exp(Vec x) => x.Map(Math.Exp);
    /// <summary>Entrywise natural logarithm.</summary>
    public static Vec Log(Vec x) => x.Map(Math.Log);
    /// <summary>Entrywise √x.</summary>
    public static Vec Sqrt(Vec x) => x.Map(Math.Sqrt);
    /// <summary>Entrywise xᵖ for a constant exponent p.</summary>
    public static Vec Pow(Vec x, double p) => x.Map(u => Math.Pow(u, p));
    /// <summary>Entrywise sin.</summary>
    public static Vec Sin(Vec x) => x.Map(Math.Sin);
    /// <summary>Entrywise cos.</summary>
    public static Vec Cos(Vec x) => x.Map(Math.Cos);
    /// <summary>Entrywise tanh.</summary>
    public static Vec Tanh(Vec x) => x.Map(Math.Tanh);
    /// <summary>Entrywise logistic function.</summary>
    public static Vec Sigmoid(Vec x) => x.Map(Sigmoid);
    /// <summary>Entrywise softplus.</summary>
    public static Vec Softplus(Vec x) => x.Map(Softplus);
    /// <summary>Entrywise max(x, 0).</summary>
    public static Vec Relu(Vec x) => x.Map(Relu);
    /// <summary>Entrywise |x|.</summary>
    public static Vec Abs(Vec x) => x.Map(Math.Abs);
    /// <summary>Entrywise x².</summary>
    public static Vec Square(Vec x) => x.Map(Square);

    // ---- entrywise on matrices -------------------------------------------------------------

    /// <summary>Entrywise eˣ.</summary>
    public static Mat Exp(Mat x) => x.Map(Math.Exp);
    /// <summary>Entrywise natural logarithm.</summary>
    public static Mat Log(Mat x) => x.Map(Math.Log);
    /// <summary>Entrywise √x.</summary>
    public static Mat Sqrt(Mat x) => x.Map(Math.Sqrt);
    /// <summary>Entrywise xᵖ for a constant exponent p.</summary>
    public static Mat Pow(Mat x, double p) => x.Map(u => Math.Pow(u, p));
    /// <summary>Entrywise sin.</summary>
    public static Mat Sin(Mat x) => x.Map(Math.Sin);
    /// <summary>Entrywise cos.</summary>
    public static Mat Cos(Mat x) => x.Map(Math.Cos);
    /// <summary>Entrywise tanh.</summary>
    public static Mat Tanh(Mat x) => x.Map(Math.Tanh);
    /// <summary>Entrywise logistic function.</summary>
    public static Mat Sigmoid(Mat x) => x.Map(Sigmoid);
    /// <summary>Entrywise softplus.</summary>
    public static Mat Softplus(Mat x) => x.Map(Softplus);
    /// <summary>Entrywise max(x, 0).</summary>
    public static Mat Relu(Mat x) => x.Map(Relu);
    /// <summary>Entrywise |x|.</summary>
    public static Mat Abs(Mat x) => x.Map(Math.Abs);
    /// <summary>Entrywise x².</summary>
    public static Mat Square(Mat x) => x.Map(Square);

    // ---- linear algebra and reductions -----------------------------------------------------

    /// <summary>The transpose of <paramref name="m"/>.</summary>
    public static Mat Transpose(Mat m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Transpose();
    }

    /// <summary>Inner product Σᵢ aᵢbᵢ.</summary>
    public static double Dot(Vec a, Vec b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length) throw new ArgumentException($"Vector lengths differ: {a.Length} and {b.Length}.");
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Σᵢ xᵢ.</summary>
    public static double Sum(Vec x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var sum = 0.0;
        foreach (var v in x.AsSpan()) sum += v;
        return sum;
    }

    /// <summary>Σᵢⱼ Mᵢⱼ.</summary>
    public static double Sum(Mat m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var sum = 0.0;
        foreach (var v in m.AsSpan()) sum += v;
        return sum;
    }

    /// <summary>|x|² = Σᵢ xᵢ².</summary>
    public static double SquaredNorm(Vec x) => Dot(x, x);

    /// <summary>The squared Frobenius norm Σᵢⱼ Mᵢⱼ².</summary>
    public static double SquaredNorm(Mat m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var sum = 0.0;
        foreach (var v in m.AsSpan()) sum += v * v;
        return sum;
    }

    /// <summary>log Σᵢ e^{xᵢ}, computed stably (shifted by the maximum).</summary>
    public static double LogSumExp(Vec x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length == 0) return double.NegativeInfinity;
        var max = double.NegativeInfinity;
        foreach (var v in x.AsSpan()) max = Math.Max(max, v);
        if (double.IsInfinity(max)) return max;
        var sum = 0.0;
        foreach (var v in x.AsSpan()) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>softmax(x)ᵢ = e^{xᵢ} / Σⱼ e^{xⱼ}.</summary>
    public static Vec Softmax(Vec x)
    {
        var lse = LogSumExp(x);
        return x.Map(v => Math.Exp(v - lse));
    }
}
