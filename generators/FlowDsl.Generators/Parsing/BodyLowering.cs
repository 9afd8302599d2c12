using System;
using System.Collections.Generic;
using System.Threading;
using FlowDsl.Generators.Diagnostics;
using FlowDsl.Symbolic.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace FlowDsl.Generators.Parsing;

/// <summary>
/// Lowers the body of a model method (an expression body, or <c>var</c> locals and one <c>return</c>) into the IR,
/// reading the semantic model (IOperation) so that calls and constants are resolved by symbol, not by name.
/// The first construct outside the model language throws a <see cref="ModelException"/> with its diagnostic.
/// </summary>
internal sealed class BodyLowering
{
    private readonly ExprBuilder _b;
    private readonly KnownSymbols _known;
    private readonly IReadOnlyDictionary<IParameterSymbol, Expr> _parameters;
    private readonly Dictionary<ILocalSymbol, Expr> _locals = new(SymbolEqualityComparer.Default);
    private readonly CancellationToken _cancellation;

    public BodyLowering(ExprBuilder builder, KnownSymbols known, IReadOnlyDictionary<IParameterSymbol, Expr> parameters, CancellationToken cancellation)
    {
        _b = builder;
        _known = known;
        _parameters = parameters;
        _cancellation = cancellation;
    }

    /// <summary>The first call of a non-smooth function (Relu, Abs), for the FDSL0016 warning.</summary>
    public (string Name, LocationInfo? Location)? FirstNonSmooth { get; private set; }

    /// <summary>Lowers the method body to the expression it returns (null when the code does not compile).</summary>
    public Expr? LowerBody(IOperation body)
    {
        var block = body switch
        {
            IMethodBodyOperation m => m.BlockBody ?? m.ExpressionBody,
            IBlockOperation b => b,
            _ => null,
        };
        if (block is null) throw Fail(DiagnosticDescriptors.UnsupportedConstruct, body.Syntax, "the method", "it has no body");
        return LowerBlock(block);
    }

    private Expr? LowerBlock(IBlockOperation block)
    {
        foreach (var statement in block.Operations)
        {
            _cancellation.ThrowIfCancellationRequested();
            switch (statement)
            {
                case IVariableDeclarationGroupOperation group:
                    foreach (var declaration in group.Declarations)
                        foreach (var declarator in declaration.Declarators)
                        {
                            var initializer = declarator.Initializer ?? declaration.Initializer;
                            if (initializer is null)
                                throw Fail(DiagnosticDescriptors.UnsupportedConstruct, declarator.Syntax, Abbreviate(declarator.Syntax), "a local needs an initializer");
                            var value = Lower(initializer.Value);
                            if (value is null) return null;
                            _locals[declarator.Symbol] = value;
                        }
                    break;
                case IReturnOperation ret:
                    if (ret.ReturnedValue is null) throw Fail(DiagnosticDescriptors.UnsupportedConstruct, ret.Syntax, Abbreviate(ret.Syntax), "a return needs a value");
                    return Lower(ret.ReturnedValue);
                case ILoopOperation loop:
                    throw Fail(DiagnosticDescriptors.LoopNotSupported, StatementKeywordLocation(loop.Syntax), LoopKeyword(loop.Syntax));
                case IConditionalOperation:
                    throw Fail(DiagnosticDescriptors.BranchNotSupported, StatementKeywordLocation(statement.Syntax), "if");
                case ISwitchOperation:
                    throw Fail(DiagnosticDescriptors.BranchNotSupported, StatementKeywordLocation(statement.Syntax), "switch");
                case IExpressionStatementOperation { Operation: var expression } when IsMutation(expression):
                    throw Fail(DiagnosticDescriptors.MutationNotSupported, expression.Syntax, Abbreviate(expression.Syntax));
                case IInvalidOperation: // unreachable: ModelParser lowers only bodies that compile
                    return null;
                default:
                    throw Fail(DiagnosticDescriptors.UnsupportedConstruct, statement.Syntax, Abbreviate(statement.Syntax), "statement");
            }
        }
        throw Fail(DiagnosticDescriptors.UnsupportedConstruct, block.Syntax, "the body", "it has no return");
    }

    private static bool IsMutation(IOperation op) =>
        op is IAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation;

    private Expr? Lower(IOperation op)
    {
        _cancellation.ThrowIfCancellationRequested();
        // A deeply nested expression must become a diagnostic, not a stack overflow that kills the compiler.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (op.ConstantValue is { HasValue: true, Value: { } constant } && IsNumber(constant))
            return _b.Constant(FiniteConstant(constant, op.Syntax));

        switch (op)
        {
            case IInvalidOperation: // unreachable: ModelParser lowers only bodies that compile
                return null;
            case IConversionOperation conversion:
                if (conversion.Type?.SpecialType != SpecialType.System_Double && !IsTensor(conversion.Type))
                    throw Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, Abbreviate(op.Syntax), $"a conversion to {conversion.Type?.ToDisplayString()}");
                return Lower(conversion.Operand);
            case IParenthesizedOperation parenthesized:
                return Lower(parenthesized.Operand);
            case IParameterReferenceOperation p:
                return _parameters.TryGetValue(p.Parameter, out var leaf)
                    ? leaf
                    : throw Fail(DiagnosticDescriptors.NonConstantState, op.Syntax, p.Parameter.Name);
            case ILocalReferenceOperation l:
                return _locals.TryGetValue(l.Local, out var local)
                    ? local
                    : throw Fail(DiagnosticDescriptors.NonConstantState, op.Syntax, l.Local.Name);
            case IBinaryOperation binary:
                return LowerBinary(binary);
            case IUnaryOperation unary:
                return LowerUnary(unary);
            case IInvocationOperation invocation:
                return LowerCall(invocation);
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                return LowerIndexer(indexer);
            case IFieldReferenceOperation or IPropertyReferenceOperation or IInstanceReferenceOperation or IEventReferenceOperation:
                throw Fail(DiagnosticDescriptors.NonConstantState, op.Syntax, Abbreviate(op.Syntax));
            case IConditionalOperation:
                throw Fail(DiagnosticDescriptors.BranchNotSupported, op.Syntax, "?:");
            case ISwitchExpressionOperation:
                throw Fail(DiagnosticDescriptors.BranchNotSupported, op.Syntax, "switch");
            case IAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation:
                throw Fail(DiagnosticDescriptors.MutationNotSupported, op.Syntax, Abbreviate(op.Syntax));
            default:
                throw Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, Abbreviate(op.Syntax), Describe(op.Kind));
        }
    }

    private Expr? LowerBinary(IBinaryOperation binary)
    {
        var left = Lower(binary.LeftOperand);
        var right = Lower(binary.RightOperand);
        if (left is null || right is null) return null;
        return binary.OperatorKind switch
        {
            BinaryOperatorKind.Add => Build(binary, () => _b.Add(left, right)),
            BinaryOperatorKind.Subtract => Build(binary, () => _b.Sub(left, right)),
            BinaryOperatorKind.Divide when right is { Op: Op.Constant, Value: 0 } =>
                throw Fail(DiagnosticDescriptors.NonFiniteConstant, binary.Syntax, Abbreviate(binary.Syntax), "divides by the constant 0"),
            BinaryOperatorKind.Divide => Build(binary, () => _b.Div(left, right)),
            BinaryOperatorKind.Multiply => Build(binary, () => Multiply(left, right)),
            _ => throw Fail(DiagnosticDescriptors.UnsupportedConstruct, binary.Syntax, Abbreviate(binary.Syntax), $"the operator {binary.OperatorKind}"),
        };
    }

    // Mat * Vec is the matrix–vector product (Transpose(M) * v → Mᵀv without forming Mᵀ); everything else is entrywise.
    private Expr Multiply(Expr left, Expr right)
    {
        if (left.Shape.Kind == ShapeKind.Matrix && right.Shape.Kind == ShapeKind.Vector)
            return left.Op == Op.Transpose ? _b.MatTVec(left.A!, right) : _b.MatVec(left, right);
        return _b.Mul(left, right);
    }

    private Expr? LowerUnary(IUnaryOperation unary)
    {
        var operand = Lower(unary.Operand);
        if (operand is null) return null;
        return unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => _b.Neg(operand),
            UnaryOperatorKind.Plus => operand,
            _ => throw Fail(DiagnosticDescriptors.UnsupportedConstruct, unary.Syntax, Abbreviate(unary.Syntax), $"the operator {unary.OperatorKind}"),
        };
    }

    private Expr? LowerCall(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var type = method.ContainingType;
        var isLanguageFunction = KnownSymbols.Is(type, _known.Ops) || KnownSymbols.Is(type, _known.Math)
            || (KnownSymbols.Is(type, _known.Mat) && method.Name == "Transpose" && !method.IsStatic);
        if (!isLanguageFunction || !(method.ReturnType.SpecialType == SpecialType.System_Double || IsTensor(method.ReturnType)))
            throw Fail(DiagnosticDescriptors.UnknownMethod, CallNameLocation(call), method.ContainingType.Name + "." + method.Name, LanguageFunctions);

        var operands = new List<IOperation>();
        if (call.Instance is not null) operands.Add(call.Instance);
        foreach (var argument in call.Arguments) operands.Add(argument.Value);

        if (method.Name == "Pow" && operands.Count == 2)
        {
            var exponent = operands[1];
            if (exponent.ConstantValue is not { HasValue: true, Value: { } p } || !IsNumber(p))
                throw Fail(DiagnosticDescriptors.NonConstantArgument, exponent.Syntax, "exponent", Abbreviate(call.Syntax));
            var power = FiniteConstant(p, exponent.Syntax);
            var baseValue = Lower(operands[0]);
            return baseValue is null ? null : _b.PowConst(baseValue, power);
        }

        var args = new Expr[operands.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var lowered = Lower(operands[i]);
            if (lowered is null) return null;
            args[i] = lowered;
        }

        if (UnaryFunctions.TryGetValue(method.Name, out var unaryOp) && args.Length == 1)
        {
            if (unaryOp is Op.Relu or Op.Abs && FirstNonSmooth is null)
                FirstNonSmooth = (method.Name, LocationInfo.From(CallNameLocation(call)));
            return Build(call, () => _b.Unary(unaryOp, args[0]));
        }

        return (method.Name, args.Length) switch
        {
            ("Dot", 2) => Build(call, () => _b.Dot(args[0], args[1])),
            ("Sum", 1) => Build(call, () => _b.Sum(args[0])),
            ("SquaredNorm", 1) => Build(call, () => _b.Dot(args[0], args[0])),
            ("LogSumExp", 1) => Build(call, () => _b.LogSumExp(args[0])),
            ("Softmax", 1) => Build(call, () => _b.Softmax(args[0])),
            ("Transpose", 1) => Build(call, () => _b.Transpose(args[0])),
            _ => throw Fail(DiagnosticDescriptors.UnknownMethod, CallNameLocation(call), method.ContainingType.Name + "." + method.Name, LanguageFunctions),
        };
    }

    /// <summary>The functions a model may call (FDSL0011 lists them), as Ops.X or Math.X.</summary>
    public const string LanguageFunctions =
        "Exp, Log, Sqrt, Pow (constant exponent), Sin, Cos, Tanh, Sigmoid, Softplus, Relu, Abs, Square, Dot, Sum, SquaredNorm, LogSumExp, Softmax and Transpose";

    private static readonly Dictionary<string, Op> UnaryFunctions = new()
    {
        ["Exp"] = Op.Exp, ["Log"] = Op.Log, ["Sqrt"] = Op.Sqrt, ["Sin"] = Op.Sin, ["Cos"] = Op.Cos, ["Tanh"] = Op.Tanh,
        ["Sigmoid"] = Op.Sigmoid, ["Softplus"] = Op.Softplus, ["Relu"] = Op.Relu, ["Abs"] = Op.Abs, ["Square"] = Op.Square,
    };

    private Expr? LowerIndexer(IPropertyReferenceOperation indexer)
    {
        if (indexer.Instance is null) throw Fail(DiagnosticDescriptors.UnsupportedConstruct, indexer.Syntax, Abbreviate(indexer.Syntax), "indexer");
        var target = Lower(indexer.Instance);
        if (target is null) return null;
        var indices = new int[indexer.Arguments.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var argument = indexer.Arguments[i].Value;
            if (argument.ConstantValue is not { HasValue: true, Value: int k })
                throw Fail(DiagnosticDescriptors.NonConstantArgument, argument.Syntax, "index", Abbreviate(indexer.Syntax));
            indices[i] = k;
        }

        var shape = target.Shape;
        bool inRange = indices.Length switch
        {
            1 => shape.Kind == ShapeKind.Vector && indices[0] >= 0 && indices[0] < shape.Rows,
            2 => shape.Kind == ShapeKind.Matrix && indices[0] >= 0 && indices[0] < shape.Rows && indices[1] >= 0 && indices[1] < shape.Cols,
            _ => false,
        };
        if (!inRange)
            throw Fail(DiagnosticDescriptors.ShapeMismatch, indexer.Syntax, Abbreviate(indexer.Syntax),
                $"index [{string.Join(", ", indices)}] is outside a {shape}");
        var flat = indices.Length == 1 ? indices[0] : indices[0] * shape.Cols + indices[1];
        return _b.Index(target, flat);
    }

    private Expr Build(IOperation op, Func<Expr> make)
    {
        try
        {
            return make();
        }
        catch (ShapeException e)
        {
            throw Fail(DiagnosticDescriptors.ShapeMismatch, op.Syntax, Abbreviate(op.Syntax), e.Message);
        }
    }

    // A NaN or infinite constant (double.NaN, 0.0 / 0.0, 1e308 * 1e308) would make every derivative NaN or ∞.
    private static double FiniteConstant(object constant, SyntaxNode syntax)
    {
        var value = Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture);
        if (double.IsNaN(value)) throw Fail(DiagnosticDescriptors.NonFiniteConstant, syntax, Abbreviate(syntax), "is NaN");
        if (double.IsInfinity(value)) throw Fail(DiagnosticDescriptors.NonFiniteConstant, syntax, Abbreviate(syntax), value > 0 ? "is +∞" : "is −∞");
        return value;
    }

    private bool IsTensor(ITypeSymbol? type) => KnownSymbols.Is(type, _known.Vec) || KnownSymbols.Is(type, _known.Mat);

    private static bool IsNumber(object value) =>
        value is double or float or int or long or short or byte or sbyte or uint or ulong or ushort or decimal;

    private static SyntaxNode CallNameLocation(IInvocationOperation call) =>
        call.Syntax is InvocationExpressionSyntax invocation ? invocation.Expression : call.Syntax;

    // A loop or branch is reported at its keyword (for, foreach, while, do, if, switch), not the whole statement.
    private static SyntaxNodeOrToken StatementKeywordLocation(SyntaxNode statement) => statement switch
    {
        ForStatementSyntax s => s.ForKeyword,
        CommonForEachStatementSyntax s => s.ForEachKeyword,
        WhileStatementSyntax s => s.WhileKeyword,
        DoStatementSyntax s => s.DoKeyword,
        IfStatementSyntax s => s.IfKeyword,
        SwitchStatementSyntax s => s.SwitchKeyword,
        _ => statement,
    };

    private static string LoopKeyword(SyntaxNode statement) => statement switch
    {
        ForStatementSyntax => "for",
        CommonForEachStatementSyntax => "foreach",
        WhileStatementSyntax => "while",
        DoStatementSyntax => "do",
        _ => statement.Kind().ToString(),
    };

    private static string Describe(OperationKind kind) => kind switch
    {
        OperationKind.ObjectCreation => "object creation",
        OperationKind.AnonymousFunction => "a lambda",
        OperationKind.Literal => "a non-numeric literal",
        _ => kind.ToString(),
    };

    public static string Abbreviate(SyntaxNode syntax)
    {
        var text = syntax.ToString().Replace("\r", " ").Replace("\n", " ");
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }

    private static ModelException Fail(DiagnosticDescriptor descriptor, SyntaxNodeOrToken where, params object[] arguments) =>
        new(DiagnosticInfo.Create(descriptor, LocationInfo.From(where.GetLocation()), arguments));
}
