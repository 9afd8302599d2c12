
namespace FlowDsl.Symbolic.Ir;

internal static partial class Rules
{
    // ---- indexing, scattering and broadcasting --------------------------------------------------------

    public static Expr? Index(ExprBuilder b, Expr x, int i) => x switch
    {
        { IsConstant: true } => b.Constant(x.Value),                                // (c·1)ᵢ = c
        { Op: Op.Broadcast } => x.A!,                                                // (s·1)ᵢ = s
        { Op: Op.Scatter } => x.Index == i ? x.A! : b.Zero(Shape.Scalar),            // (eⱼ s)ᵢ = s if i = j, else 0
        { Op: Op.Transpose } => b.Index(x.A!, TransposedPosition(x.Shape, i)),       // (Mᵀ)ᵢⱼ = Mⱼᵢ
        { Op: Op.Neg } => b.Neg(b.Index(x.A!, i)),                                   // (−e)ᵢ = −eᵢ
        { Op: Op.Outer } => b.Mul(b.Index(x.A!, i / x.Shape.Cols), b.Index(x.B!, i % x.Shape.Cols)), // (u vᵀ)ᵢⱼ = uᵢ vⱼ
        _ => null,
    };

    public static Expr? Scatter(ExprBuilder b, Expr s, int i, Shape shape) => s switch
    {
        { IsZero: true } => b.Zero(shape),                                          // scatter(0) = 0
        _ => null,
    };

    public static Expr? Broadcast(ExprBuilder b, Expr s, Shape shape) => s switch
    {
        _ when shape.IsScalar => s,                                                  // a scalar "broadcast" to a scalar
        { IsConstant: true } => b.Constant(s.Value, shape),                          // c·1 is a shaped constant
        _ => null,
    };

    // Flat position i of a (transposed) r×c matrix Mᵀ, whose entry (row k, col l) is M[l, k]: the flat position in M.
    private static int TransposedPosition(Shape transposed, int i)
    {
        int k = i / transposed.Cols, l = i % transposed.Cols;
        return l * transposed.Rows + k;
    }
}
