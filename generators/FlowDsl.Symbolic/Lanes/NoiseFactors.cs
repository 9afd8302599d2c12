using System.Collections.Generic;
using System.Linq;

namespace FlowDsl.Symbolic.Lanes;

/// <summary>
/// ∇ₓR(x,θ) written as <c>c(x) + Σₖ gₖ(x)·bₖ(θ)</c> (math.md §3.4 b1): then the mean gradient is
/// <c>ḡ(x) = c(x) + Σₖ gₖ(x)·βₖ</c> with βₖ = E bₖ(θ), and the gradient noise is <c>G(x,θ) = Σₖ gₖ(x)·(βₖ − bₖ(θ))</c>.
/// </summary>
/// <param name="Mean">ḡᵢ(x) with the symbols β[k].</param>
/// <param name="Loadings">gᵢₖ(x), indexed [i][k].</param>
/// <param name="DataFactors">bₖ(θ) in the data entries θ[j].</param>
/// <param name="Degree">The largest polynomial degree of a bₖ in θ, or −1 if one is not a polynomial.</param>
internal sealed record NoiseFactors(LaneExpr[] Mean, LaneExpr[][] Loadings, LaneExpr[] DataFactors, int Degree)
{
    public int Count => DataFactors.Length;

    /// <summary>The factorisation, or null when a term mixes x and θ inside a function (for example tanh(x·θ)).</summary>
    public static NoiseFactors? TryFactor(LaneBuilder b, LaneExpr[] gradient)
    {
        var expansion = new Expansion(b);
        List<Term>[] terms;
        try
        {
            terms = gradient.Select(expansion.Expand).ToArray();
        }
        catch (LaneBudgetException)
        {
            return null;
        }
        var mixed = new Dictionary<LaneExpr, bool>();
        if (terms.SelectMany(t => t).SelectMany(t => t.LaneAtoms).Any(id => HasSharedLeaf(expansion.Atom(id), mixed))) return null;

        var keys = new List<string>();
        var factorOf = new Dictionary<string, int>();
        var dataFactors = new List<LaneExpr>();
        foreach (var t in terms.SelectMany(t => t).Where(t => t.SharedAtoms.Length > 0))
        {
            var key = Expansion.Key(t.SharedAtoms);
            if (factorOf.ContainsKey(key)) continue;
            factorOf[key] = dataFactors.Count;
            dataFactors.Add(expansion.Product(t.SharedAtoms));
        }

        var d = gradient.Length;
        var loadings = new LaneExpr[d][];
        var mean = new LaneExpr[d];
        for (var i = 0; i < d; i++)
        {
            loadings[i] = Enumerable.Repeat(b.Constant(0), dataFactors.Count).ToArray();
            mean[i] = b.Constant(0);
            foreach (var t in terms[i])
            {
                var lane = b.Mul(b.Constant(t.Coefficient), expansion.Product(t.LaneAtoms));
                if (t.SharedAtoms.Length == 0)
                {
                    mean[i] = b.Add(mean[i], lane);
                    continue;
                }
                var k = factorOf[Expansion.Key(t.SharedAtoms)];
                loadings[i][k] = b.Add(loadings[i][k], lane);
                mean[i] = b.Add(mean[i], b.Mul(lane, b.Symbol($"β[{k}]")));
            }
        }
        var degree = dataFactors.Count == 0 ? 0 : dataFactors.Select(DegreeOf).Aggregate((p, q) => p < 0 || q < 0 ? -1 : System.Math.Max(p, q));
        return new NoiseFactors(mean, loadings, dataFactors.ToArray(), degree);
    }

    private static bool HasSharedLeaf(LaneExpr e, Dictionary<LaneExpr, bool> done)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // deep chains (10,000-term sums) end the lanes, not the compiler
        if (done.TryGetValue(e, out var known)) return known;
        var result = e.IsSharedLeaf || e.Operands.Any(o => HasSharedLeaf(o, done));
        done[e] = result;
        return result;
    }

    // Polynomial degree in the symbols; −1 when a symbol sits inside a non-polynomial operation.
    private static int DegreeOf(LaneExpr e)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // deep chains (10,000-term sums) end the lanes, not the compiler
        switch (e.Op)
        {
            case LaneOp.Constant: return 0;
            case LaneOp.Symbol:
            case LaneOp.Data: return 1;
            case LaneOp.Neg: return DegreeOf(e.A!);
            case LaneOp.Add:
            {
                var (p, q) = (DegreeOf(e.A!), DegreeOf(e.B!));
                return p < 0 || q < 0 ? -1 : System.Math.Max(p, q);
            }
            case LaneOp.Mul:
            {
                var (p, q) = (DegreeOf(e.A!), DegreeOf(e.B!));
                return p < 0 || q < 0 ? -1 : p + q;
            }
            case LaneOp.Div: return DegreeOf(e.B!) == 0 ? DegreeOf(e.A!) : -1;
            case LaneOp.PowConst when e.Value >= 0 && e.Value == System.Math.Floor(e.Value):
            {
                var p = DegreeOf(e.A!);
                return p < 0 ? -1 : p * (int)e.Value;
            }
            default: return e.Operands.All(o => DegreeOf(o) == 0) ? 0 : -1;
        }
    }
}
