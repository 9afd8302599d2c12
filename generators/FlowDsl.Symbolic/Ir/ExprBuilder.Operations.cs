namespace FlowDsl.Symbolic.Ir;

// Named constructors used by the parser and by differentiation. They are the place for cheap local
// canonicalisation (constant folding, 0 + e → e, 1 · e → e); see Simplification/ for the rules.
public sealed partial class ExprBuilder
{
    public Expr Add(Expr a, Expr b) => Node(Op.Add, a, b);
    public Expr Sub(Expr a, Expr b) => Node(Op.Sub, a, b);
    public Expr Mul(Expr a, Expr b) => Node(Op.Mul, a, b);
    public Expr Div(Expr a, Expr b) => Node(Op.Div, a, b);
    public Expr Neg(Expr a) => Node(Op.Neg, a);
    public Expr Unary(Op op, Expr a) => Node(op, a);
    public Expr PowConst(Expr a, double exponent) => Node(Op.PowConst, a, value: exponent);
    public Expr Sum(Expr a) => Node(Op.Sum, a);
    public Expr Dot(Expr a, Expr b) => Node(Op.Dot, a, b);
    public Expr MatVec(Expr m, Expr v) => Node(Op.MatVec, m, v);
    public Expr MatTVec(Expr m, Expr u) => Node(Op.MatTVec, m, u);
    public Expr Outer(Expr u, Expr v) => Node(Op.Outer, u, v);
    public Expr Transpose(Expr m) => Node(Op.Transpose, m);
    public Expr Index(Expr a, int flatIndex) => Node(Op.Index, a, index: flatIndex);
    public Expr Scatter(Expr s, int flatIndex, Shape shape) => Node(Op.Scatter, s, index: flatIndex, shape: shape);
    public Expr Broadcast(Expr s, Shape shape) => Node(Op.Broadcast, s, shape: shape);
    public Expr LogSumExp(Expr v) => Node(Op.LogSumExp, v);
    public Expr Softmax(Expr v) => Node(Op.Softmax, v);
}
