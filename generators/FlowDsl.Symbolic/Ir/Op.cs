namespace FlowDsl.Symbolic.Ir;

/// <summary>
/// The operations of the IR. Every node has at most two operands (<see cref="Expr.A"/>, <see cref="Expr.B"/>).
/// Elementwise binary operations broadcast a scalar operand over a vector or matrix.
/// </summary>
public enum Op : byte
{
    // ---- leaves ----
    /// <summary>Every entry equals <see cref="Expr.Value"/> (a scalar literal, or a zero/one of any shape).</summary>
    Constant,
    /// <summary>Parameter block <see cref="Expr.Index"/> (differentiated), named <see cref="Expr.Name"/>.</summary>
    Parameter,
    /// <summary>Data block <see cref="Expr.Index"/> (θ; never differentiated as a variable of the gradient).</summary>
    Data,
    /// <summary>Seed direction for forward mode: block <see cref="Expr.Index"/> of the direction v (over parameters) or u (over data).</summary>
    Direction,

    // ---- elementwise unary ----
    Neg, Exp, Log, Sqrt, Sin, Cos, Tanh, Sigmoid, Softplus, Relu, Abs, Square,
    /// <summary>x^p for the constant p = <see cref="Expr.Value"/>.</summary>
    PowConst,
    /// <summary>Heaviside step: 1 for x &gt; 0, else 0 (Relu' with Relu'(0) = 0).</summary>
    Step,
    /// <summary>sign(x), with sign(0) = 0 (Abs').</summary>
    Sign,

    // ---- elementwise binary (scalar operands broadcast) ----
    Add, Sub, Mul, Div,

    // ---- reductions and linear algebra ----
    /// <summary>Σ of all entries → scalar.</summary>
    Sum,
    /// <summary>Σᵢ aᵢbᵢ of two equal-shape operands → scalar.</summary>
    Dot,
    /// <summary>M v: (r×c, c) → r.</summary>
    MatVec,
    /// <summary>Mᵀ u: (r×c, r) → c.</summary>
    MatTVec,
    /// <summary>u vᵀ: (r, c) → r×c.</summary>
    Outer,
    /// <summary>Mᵀ: r×c → c×r.</summary>
    Transpose,
    /// <summary>Entry <see cref="Expr.Index"/> (flat, row-major) of a vector or matrix → scalar.</summary>
    Index,
    /// <summary>The scalar operand at flat position <see cref="Expr.Index"/>, zeros elsewhere, of shape <see cref="Expr.Shape"/> (adjoint of <see cref="Index"/>).</summary>
    Scatter,
    /// <summary>The scalar operand repeated over <see cref="Expr.Shape"/> (adjoint of <see cref="Sum"/>).</summary>
    Broadcast,
    /// <summary>log Σ e^{vᵢ} → scalar.</summary>
    LogSumExp,
    /// <summary>e^{vᵢ} / Σⱼ e^{vⱼ} → vector.</summary>
    Softmax,
}
