using System;

namespace FlowDsl.Symbolic.Ir;

/// <summary>
/// The reference scalar semantics of the elementwise operations, shared by the <see cref="Interpreter"/> and the
/// constant folder so that folding and evaluation can never disagree. Softplus, Sigmoid are computed stably.
/// </summary>
public static class Scalar
{
    /// <summary>f(x) for an elementwise unary operation; <paramref name="p"/> is the exponent of <see cref="Op.PowConst"/>.</summary>
    public static double Function(Op op, double x, double p) => op switch
    {
        Op.Neg => -x,
        Op.Exp => Math.Exp(x),
        Op.Log => Math.Log(x),
        Op.Sqrt => Math.Sqrt(x),
        Op.Sin => Math.Sin(x),
        Op.Cos => Math.Cos(x),
        Op.Tanh => Math.Tanh(x),
        Op.Sigmoid => Sigmoid(x),
        Op.Softplus => Softplus(x),
        Op.Relu => x > 0 ? x : 0.0,
        Op.Abs => Math.Abs(x),
        Op.Square => x * x,
        Op.PowConst => Math.Pow(x, p),
        Op.Step => x > 0 ? 1.0 : 0.0,
        Op.Sign => x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0,
        _ => throw new ArgumentException($"{op} is not an elementwise unary operation.", nameof(op)),
    };

    /// <summary>x ∘ y for an elementwise binary operation.</summary>
    public static double Binary(Op op, double x, double y) => op switch
    {
        Op.Add => x + y,
        Op.Sub => x - y,
        Op.Mul => x * y,
        Op.Div => x / y,
        _ => throw new ArgumentException($"{op} is not an elementwise binary operation.", nameof(op)),
    };

    /// <summary>σ(x) = 1 / (1 + e^{−x}), evaluated without overflow for either sign of x.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0) return 1.0 / (1.0 + Math.Exp(-x));
        var e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}), without overflow.</summary>
    public static double Softplus(double x) => Math.Max(x, 0.0) + Log1P(Math.Exp(-Math.Abs(x)));

    /// <summary>log(1 + x), accurate for small |x| (Goldberg's trick: log(u)·x/(u − 1) with u = 1 + x).</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }
}
