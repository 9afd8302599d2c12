using System;
using System.Collections.Generic;
using System.Linq;
using FlowDsl.Generators.Model;
using FlowDsl.Symbolic.Ir;
using FlowDsl.Symbolic.Lanes;
using static FlowDsl.Generators.Emit.LaneText;

namespace FlowDsl.Generators.Emit;

/// <summary>
/// Writes the fused lane steps of a small risk model (d ≤ 16): the n-point SGD step, the independent SGD step (θ per
/// lane) and, when ∇ₓR(x,θ) is a sum of products of x-only and θ-only factors, the SMF-1/2 steps under SH2 with the
/// shared noise factored as <c>√α·Σₖ gₖ(x)·ζₖ</c> (math.md §3.4 b1), so a particle's cost does not depend on the number
/// of atoms of P, and the SME-1/2 steps with per-particle noise through the same factors. Each step is folded into
/// <c>Σₘ φₘ(x)·Cₘ</c> with per-step constants Cₘ when that is cheaper. Steps over the size budget are left out; the
/// method returns null when the model is too large or uses an operation without a lane form (the span kernels still work).
/// </summary>
internal static class LaneKernelWriter
{
    /// <summary>The largest d with lane kernels (the fields of <c>LaneTile</c>).</summary>
    public const int MaxDimension = 16;
    private const int MaxData = 64;
    private const int NodeBudget = 20_000;
    private const int MaxLaneNormals = 16; // the fields of the normals tile
    private const int TermBudget = 256;
    /// <summary>
    /// Steps with more lane operations + per-step constants than this (or four times as much code in all) are not emitted:
    /// the span kernels serve such models.
    /// </summary>
    private const int StepBudget = 600;

    /// <summary>SMF: one noise shared by all particles (cylindrical, §3.4); SME: independent per-particle noise with the same Σ(x).</summary>
    private enum NoiseKind { Smf, Sme }

    public static string? TryWrite(ModelSpec spec, IReadOnlyList<Expr> gradientBlocks, string generatedCodeAttributes)
    {
        var (d, dataLength) = (spec.ParameterCount, spec.DataCount);
        if (spec.Form != ModelForm.Risk || d is < 1 or > MaxDimension || dataLength > MaxData) return null;
        try
        {
            var b = new LaneBuilder(NodeBudget);
            var scalarizer = LaneLayout.Scalarizer(b, spec, _ => throw new LaneBudgetException("directions have no lane form"));
            var gradient = gradientBlocks.SelectMany(scalarizer.Entries).ToArray();
            var w = new SourceWriter();
            WriteSgd(w, spec, b, gradient, dataLength, generatedCodeAttributes);
            if (dataLength is >= 1 and <= MaxLaneNormals)
                WriteIndependentSgd(w, spec, b, gradient, dataLength, generatedCodeAttributes);
            if (NoiseFactors.TryFactor(b, gradient) is { } factors)
            {
                foreach (var kind in new[] { NoiseKind.Smf, NoiseKind.Sme })
                    if (kind == NoiseKind.Smf || factors.Count is >= 1 and <= MaxLaneNormals)
                        for (var order = 1; order <= 2; order++)
                            WriteSde(w, spec, b, factors, kind, order, dataLength, generatedCodeAttributes);
            }
            return w.ToString();
        }
        catch (System.Exception failure) when (failure is LaneBudgetException or System.InsufficientExecutionStackException)
        {
            return null;
        }
    }

    // x_i ← x_i − α·g_i(x, θ), folded into Σₘ φₘ(x)·Cₘ when it expands within budget.
    private static void WriteSgd(SourceWriter w, ModelSpec spec, LaneBuilder b, LaneExpr[] gradient, int dataLength, string attributes)
    {
        var α = b.Symbol("α");
        var steps = gradient.Select((g, i) => Folded(b, b.Sub(b.Coordinate(i), b.Mul(α, g)))).ToArray();
        var program = new LaneProgramWriter(steps);
        if (program.LaneCost > StepBudget || program.Size > 4 * StepBudget) return;
        w.WriteLine($"/// <summary>");
        w.WriteLine($"/// The n-point SGD step x ← x − α∇ₓR(x,θᵢ) on a tile of particles, θᵢ shared by all of them (math.md §1.2), with the");
        w.WriteLine($"/// θ-only and α-only parts folded into {program.ConstantCount} per-step constants ({program.LaneOperationCount} lane operations per step).");
        w.WriteLine($"/// Parameters: [α]; input per step: θᵢ (length {dataLength}). Run it with <see cref=\"global::FlowDsl.Fused.FusedSgd\"/> or <see cref=\"global::FlowDsl.Fused.FusedEnsemble\"/>.");
        w.WriteLine($"/// </summary>");
        using (Header(w, attributes, "SgdLaneStep", "global::FlowDsl.Simd.ILaneStep"))
        {
            Members(w, $"{spec.ClassName} SGD", spec, program, parameterCount: 1, inputLength: dataLength);
            w.WriteLine("/// <inheritdoc/>");
            using (w.Block("public static void PrepareStep(global::System.ReadOnlySpan<double> parameters, global::System.ReadOnlySpan<double> input, global::System.Span<double> constants)"))
            {
                w.WriteLine("var α = parameters[0];");
                w.WriteLine("var θ = input;");
                program.WritePrepare(w);
            }
            w.WriteLine();
            WriteStep(w, program);
        }
        w.WriteLine();
    }

    // x_i ← x_i − α·g_i(x, θ) with θ = μ + C·ξ drawn per lane (a Gaussian P with mean μ and C = S^{1/2}).
    private static void WriteIndependentSgd(SourceWriter w, ModelSpec spec, LaneBuilder b, LaneExpr[] gradient, int dataLength, string attributes)
    {
        var α = b.Symbol("α");
        var θ = new LaneExpr[dataLength];
        for (var j = 0; j < dataLength; j++)
        {
            θ[j] = b.Symbol($"μ[{j}]");
            for (var l = 0; l < dataLength; l++) θ[j] = b.Add(θ[j], b.Mul(b.Symbol($"C[{j * dataLength + l}]"), b.LaneNormal(l)));
        }
        var perLane = new Substitution(b, null, leaf => leaf.Op == LaneOp.Data ? θ[leaf.Index] : null);
        var steps = gradient.Select((g, i) => Folded(b, b.Sub(b.Coordinate(i), b.Mul(α, perLane.Of(g))))).ToArray();
        var program = new LaneProgramWriter(steps);
        if (program.LaneCost > StepBudget || program.Size > 4 * StepBudget) return;
        w.WriteLine($"/// <summary>");
        w.WriteLine($"/// The SGD step x ← x − α∇ₓR(x,θ) with an independent θ = μ + Cξ for every particle and step (independent SGD copies;");
        w.WriteLine($"/// a Gaussian P = N(μ, CCᵀ)): {program.ConstantCount} per-step constants, {program.LaneOperationCount} lane operations, {dataLength} normals per lane.");
        w.WriteLine($"/// Parameters: [α, μ (length {dataLength}), C ({dataLength}×{dataLength}, row-major)]. Run it with <see cref=\"global::FlowDsl.Fused.FusedSgd.RunIndependent\"/>.");
        w.WriteLine($"/// </summary>");
        using (Header(w, attributes, "SgdIndependentLaneStep", "global::FlowDsl.Simd.ILaneStep"))
        {
            Members(w, $"{spec.ClassName} independent SGD", spec, program, parameterCount: 1 + dataLength + dataLength * dataLength, inputLength: 0);
            w.WriteLine($"/// <inheritdoc/>");
            w.WriteLine($"public static int LaneNormalCount => {dataLength};");
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            using (w.Block("public static void PrepareStep(global::System.ReadOnlySpan<double> parameters, global::System.ReadOnlySpan<double> input, global::System.Span<double> constants)"))
            {
                w.WriteLine("var α = parameters[0];");
                w.WriteLine($"var μ = parameters.Slice(1, {dataLength});");
                w.WriteLine($"var C = parameters.Slice({1 + dataLength});");
                program.WritePrepare(w);
            }
            w.WriteLine();
            WriteStep(w, program, withNormals: true);
        }
        w.WriteLine();
    }

    private static void WriteSde(SourceWriter w, ModelSpec spec, LaneBuilder b, NoiseFactors factors, NoiseKind kind, int order, int dataLength, string attributes)
    {
        var K = factors.Count;
        var d = factors.Mean.Length;
        var (α, h) = (b.Symbol("α"), b.Symbol("h"));
        var mean = factors.Mean;
        // a(y) = −ḡ(y) for SMF-1; −ḡ(y) − (α/2)·∇²R̄(y)ḡ(y) for SMF-2, with ∇²R̄·ḡ = Σⱼ (∂ⱼḡ)ḡⱼ (math.md §0.2).
        var drift = new LaneExpr[d];
        var derivatives = Enumerable.Range(0, d).Select(j => new LaneDerivative(b, j)).ToArray();
        for (var i = 0; i < d; i++)
        {
            drift[i] = b.Neg(mean[i]);
            if (order == 2)
            {
                var hessianTimesMean = Enumerable.Range(0, d).Select(j => b.Mul(derivatives[j].Of(mean[i]), mean[j])).Aggregate(b.Add);
                drift[i] = b.Sub(drift[i], b.Mul(b.Mul(b.Constant(0.5), α), hessianTimesMean));
            }
        }
        // SMF: √α·ΔI(y) = Σₖ gₖ(y)·(√α ζₖ), ζ the shared increments of the BM with the covariance Γ of ψₖ = βₖ − bₖ(θ).
        // SME: Σₖ gₖ(y)·ηₖ with η = √(αh)·Γ^{1/2}ξ from the lane's own normals ξ, so B(y)B(y)ᵀ = αhΣ(y).
        var scaledNoise = kind == NoiseKind.Smf
            ? Enumerable.Range(0, K).Select(k => b.Mul(b.Function(LaneOp.Sqrt, α), b.Symbol($"ζ[{k}]"))).ToArray()
            : Enumerable.Range(0, K).Select(k => Enumerable.Range(0, K)
                .Select(m => b.Mul(b.Mul(b.Function(LaneOp.Sqrt, b.Mul(α, h)), b.Symbol($"L[{k * K + m}]")), b.LaneNormal(m)))
                .Aggregate(b.Add)).ToArray();
        LaneExpr[] Noise(IReadOnlyList<LaneExpr> y)
        {
            var at = new Substitution(b, y);
            return Enumerable.Range(0, d).Select(i => Enumerable.Range(0, factors.Count)
                .Select(k => b.Mul(at.Of(factors.Loadings[i][k]), scaledNoise[k])).Aggregate(b.Constant(0), b.Add)).ToArray();
        }
        // SH2 (math.md §5.2): Ȳ = (Y + h·a(Y)) + ΔI(Y), Ŷ = Y + (h/2)·a(Y), Y' = (Y + (h/2)·(a(Y) + a(Ȳ))) + ΔI(Ŷ).
        var y = Enumerable.Range(0, d).Select(b.Coordinate).ToArray();
        var halfH = b.Mul(b.Constant(0.5), h);
        var noiseAtY = Noise(y);
        var predictor = Enumerable.Range(0, d).Select(i => b.Add(b.Add(y[i], b.Mul(h, drift[i])), noiseAtY[i])).ToArray();
        var midpoint = Enumerable.Range(0, d).Select(i => b.Add(y[i], b.Mul(halfH, drift[i]))).ToArray();
        var atPredictor = new Substitution(b, predictor);
        var noiseAtMidpoint = Noise(midpoint);
        var steps = Enumerable.Range(0, d)
            .Select(i => Folded(b, b.Add(b.Add(y[i], b.Mul(halfH, b.Add(drift[i], atPredictor.Of(drift[i])))), noiseAtMidpoint[i])))
            .ToArray();
        var program = new LaneProgramWriter(steps);
        if (program.LaneCost > StepBudget || program.Size > 4 * StepBudget) return;
        var smf = kind == NoiseKind.Smf;
        var label = $"{(smf ? "SMF" : "SME")}-{order}";
        var name = $"{(smf ? "Smf" : "Sme")}{order}LaneStep";
        w.WriteLine($"/// <summary>");
        if (smf)
        {
            w.WriteLine($"/// One SH2 step (math.md §5.2) of the SMF-{order} <c>dX = a(X)dt + √α Σₖ gₖ(X) dζₖ</c> on a tile of particles, with the gradient noise");
            w.WriteLine($"/// factored as G(x,θ) = Σₖ gₖ(x)(βₖ − bₖ(θ)) over {K} θ-factors (math.md §3.4 b1) and ζ shared by all particles;");
            w.WriteLine($"/// {program.ConstantCount} per-step constants, {program.LaneOperationCount} lane operations per step, whatever the number of atoms of P.");
            w.WriteLine($"/// Parameters: [α, h, β₀…β_{{K−1}}] with βₖ = E bₖ(θ); input per step: ζ (length K = {K}). Run it with <see cref=\"global::FlowDsl.Fused.FusedSmf\"/>.");
        }
        else
        {
            w.WriteLine($"/// One SH2 step (math.md §5.2) of the SME-{order} <c>dX = a(X)dt + √α B(X) dW</c> with B(x)B(x)ᵀ = Σ(x) written through the noise factors:");
            w.WriteLine($"/// B(x)ξ = Σₖ gₖ(x)(Γ^{{1/2}}ξ)ₖ over {K} θ-factors, Γ their covariance, ξ the particle's own {K} normals (independent copies, math.md §0.2);");
            w.WriteLine($"/// {program.ConstantCount} per-step constants, {program.LaneOperationCount} lane operations per step.");
            w.WriteLine($"/// Parameters: [α, h, β₀…β_{{K−1}}, Γ^{{1/2}} (K×K, row-major)]. Run it with <see cref=\"global::FlowDsl.Fused.FusedSme\"/>.");
        }
        w.WriteLine($"/// </summary>");
        using (Header(w, attributes, name, "global::FlowDsl.Simd.IFactoredLaneStep"))
        {
            Members(w, $"{spec.ClassName} {label}", spec, program, parameterCount: 2 + K + (smf ? 0 : K * K), inputLength: smf ? K : 0);
            if (!smf)
            {
                w.WriteLine($"/// <inheritdoc/>");
                w.WriteLine($"public static int LaneNormalCount => {K};");
            }
            w.WriteLine($"/// <inheritdoc/>");
            w.WriteLine($"public static int DriftOrder => {order};");
            w.WriteLine($"/// <inheritdoc/>");
            w.WriteLine($"public static int DataLength => {dataLength};");
            w.WriteLine($"/// <inheritdoc/>");
            w.WriteLine($"public static int FactorCount => {factors.Count};");
            w.WriteLine($"/// <inheritdoc/>");
            w.WriteLine($"public static int FactorDegree => {factors.Degree};");
            w.WriteLine();
            w.WriteLine($"/// <summary>bₖ(θ): {Literals.Xml(string.Join(", ", factors.DataFactors.Select((f, k) => $"b{k} = {LaneFormula.Print(f)}")))}.</summary>");
            using (w.Block("public static void DataFactors(global::System.ReadOnlySpan<double> θ, global::System.Span<double> factors)"))
            {
                new LaneProgramWriter(factors.DataFactors).WriteValues(w, "factors");
            }
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            using (w.Block("public static void PrepareStep(global::System.ReadOnlySpan<double> parameters, global::System.ReadOnlySpan<double> input, global::System.Span<double> constants)"))
            {
                w.WriteLine("var α = parameters[0];");
                w.WriteLine("var h = parameters[1];");
                if (smf)
                {
                    w.WriteLine("var β = parameters.Slice(2);");
                    w.WriteLine("var ζ = input;");
                }
                else
                {
                    w.WriteLine($"var β = parameters.Slice(2, {K});");
                    w.WriteLine($"var L = parameters.Slice({2 + K});");
                }
                program.WritePrepare(w);
            }
            w.WriteLine();
            WriteStep(w, program, withNormals: !smf);
        }
        w.WriteLine();
    }

    // Σₘ φₘ(x)·Cₘ when that costs fewer lane operations and constants than the expression as written (which still has
    // its shared parts hoisted); products of sums can expand into more terms than they save.
    private static LaneExpr Folded(LaneBuilder b, LaneExpr e)
    {
        try
        {
            var expansion = new Expansion(b, TermBudget);
            var collected = expansion.Collect(expansion.Expand(e));
            return Cost(collected) <= Cost(e) ? collected : e;
        }
        catch (System.Exception failure) when (failure is LaneBudgetException or System.InsufficientExecutionStackException)
        {
            return e;
        }
    }

    // Per particle and step: lane operations and the broadcasts of the per-step constants. PrepareStep's scalar work runs
    // once per step for all particles, so it does not count.
    private static int Cost(LaneExpr e)
    {
        return new LaneProgramWriter([e]).LaneCost;
    }

    private static SourceWriter.Scope Header(SourceWriter w, string attributes, string name, string contract)
    {
        w.WriteLines(attributes);
        return w.Block($"public readonly struct {name} : {contract}");
    }

    private static void Members(SourceWriter w, string name, ModelSpec spec, LaneProgramWriter program, int parameterCount, int inputLength)
    {
        var d = spec.ParameterCount;
        w.WriteLine($"/// <inheritdoc/>");
        w.WriteLine($"public static string Name => {Literals.String(name)};");
        w.WriteLine($"/// <inheritdoc/>");
        w.WriteLine($"public static int Dimension => {d};");
        w.WriteLine($"/// <inheritdoc/>");
        w.WriteLine($"public static int ParameterCount => {parameterCount};");
        w.WriteLine($"/// <inheritdoc/>");
        w.WriteLine($"public static int InputLength => {inputLength};");
        w.WriteLine($"/// <inheritdoc/>");
        w.WriteLine($"public static int ConstantCount => {program.ConstantCount};");
        // Big steps inlined four times exhaust the JIT's inlining budget (see ILaneStep.PreferredTileCount).
        var tiles = program.LaneOperationCount > 48 ? 1 : program.LaneOperationCount > 16 ? 2 : 0;
        w.WriteLine($"/// <inheritdoc/>");
        w.WriteLine($"public static int PreferredTileCount => {tiles};");
        w.WriteLine();
    }

    private static void WriteStep(SourceWriter w, LaneProgramWriter program, bool withNormals = false)
    {
        const string Signature = "public static void Step<TOps, TVec>(ref global::FlowDsl.Simd.LaneTile<TVec> x, global::System.ReadOnlySpan<double> constants";
        if (withNormals)
        {
            w.WriteLine("/// <summary>Not available: this step reads per-lane normals (see <see cref=\"LaneNormalCount\"/>).</summary>");
            w.WriteLine("/// <exception cref=\"global::System.NotSupportedException\">Always.</exception>");
            w.WriteLine(Signature + ")");
            w.WriteLine(Constraints + " =>");
            w.WriteLine("    throw new global::System.NotSupportedException(Name + \" reads per-lane normals: run it through FusedEnsemble with a LaneNormals.\");");
            w.WriteLine();
        }
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        w.WriteLine(Signature + (withNormals ? ", in global::FlowDsl.Simd.LaneTile<TVec> normals)" : ")"));
        using (w.Block(Constraints))
            program.WriteStep(w);
    }
}
