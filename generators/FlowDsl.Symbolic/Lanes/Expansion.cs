using System;
using System.Collections.Generic;
using System.Linq;

namespace FlowDsl.Symbolic.Lanes;

/// <summary>
/// One term <c>coefficient · Π laneAtoms · Π sharedAtoms</c> of an expanded expression: lane atoms vary between lanes
/// (coordinates and functions of them), shared atoms do not (symbols and functions of symbols). Atoms are node ids in
/// ascending order, so equal monomials have equal keys.
/// </summary>
internal readonly record struct Term(double Coefficient, int[] LaneAtoms, int[] SharedAtoms);

/// <summary>
/// Expands a <see cref="LaneExpr"/> into a sum of products of lane-only and shared-only factors, distributing products
/// over sums of lane-dependent expressions. Anything that cannot be split (tanh(x·θ), x/(1+x)) is one lane atom.
/// This is what lets a step be folded into <c>Σₘ φₘ(x)·Cₘ</c> with the shared Cₘ computed once per step, and the
/// gradient noise be factored as <c>Σₖ gₖ(x) ψₖ(θ)</c> (math.md §3.4 b1).
/// </summary>
internal sealed class Expansion(LaneBuilder b, int termBudget = 2048)
{
    private readonly Dictionary<int, LaneExpr> _atoms = new();
    private readonly Dictionary<LaneExpr, List<Term>> _done = new();

    /// <summary>The node of atom <paramref name="id"/>.</summary>
    public LaneExpr Atom(int id) => _atoms[id];

    /// <summary>The terms of <paramref name="e"/>, like terms merged; throws <see cref="LaneBudgetException"/> past the budget.</summary>
    public List<Term> Expand(LaneExpr e)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // deep chains (10,000-term sums) end the lanes, not the compiler
        if (_done.TryGetValue(e, out var known)) return known;
        var result = Merge(Compute(e));
        if (result.Count > termBudget) throw new LaneBudgetException($"more than {termBudget} terms");
        _done[e] = result;
        return result;
    }

    private IEnumerable<Term> Compute(LaneExpr e)
    {
        switch (e.Op)
        {
            case LaneOp.Constant:
                return e.Value == 0 ? [] : [new Term(e.Value, [], [])];
            case LaneOp.Neg:
                return Expand(e.A!).Select(t => t with { Coefficient = -t.Coefficient });
            case LaneOp.Mul:
            {
                var (left, right) = (Expand(e.A!), Expand(e.B!));
                if ((long)left.Count * right.Count > termBudget) throw new LaneBudgetException($"a product of {left.Count}×{right.Count} terms");
                return left.SelectMany(l => right.Select(r => new Term(l.Coefficient * r.Coefficient,
                    Union(l.LaneAtoms, r.LaneAtoms), Union(l.SharedAtoms, r.SharedAtoms))));
            }
            case LaneOp.Add when e.Varies:
                return Expand(e.A!).Concat(Expand(e.B!));
            case LaneOp.Div when e.Varies && !e.B!.Varies:
            {
                var reciprocal = AtomTerm(b.Div(b.Constant(1), e.B!));
                return Expand(e.A!).Select(t => t with { SharedAtoms = Union(t.SharedAtoms, reciprocal.SharedAtoms) });
            }
            case LaneOp.PowConst when e.Varies && e.Value is >= 3 and <= 8 && e.Value == Math.Floor(e.Value):
            {
                var power = e.A!;
                for (var i = 1; i < (int)e.Value; i++) power = b.Mul(power, e.A!);
                return Expand(power);
            }
            default:
                return [AtomTerm(e)];
        }
    }

    private Term AtomTerm(LaneExpr e)
    {
        _atoms[e.Id] = e;
        return e.Varies ? new Term(1, [e.Id], []) : new Term(1, [], [e.Id]);
    }

    // A monomial's atoms with repetition: Square∘…∘Square(θ) doubles them at every level, so their number is bounded
    // like the number of terms (x^(2^57) has one term but must not become an array of 2^57 atoms).
    private const int AtomBudget = 64;

    private static int[] Union(int[] a, int[] c)
    {
        if (a.Length == 0) return c;
        if (c.Length == 0) return a;
        if (a.Length + c.Length > AtomBudget) throw new LaneBudgetException($"a monomial of more than {AtomBudget} factors");
        var all = new int[a.Length + c.Length];
        a.CopyTo(all, 0);
        c.CopyTo(all, a.Length);
        Array.Sort(all);
        return all;
    }

    private static List<Term> Merge(IEnumerable<Term> terms)
    {
        var merged = new Dictionary<(string, string), Term>();
        var order = new List<(string, string)>();
        foreach (var t in terms)
        {
            var key = (Key(t.LaneAtoms), Key(t.SharedAtoms));
            if (merged.TryGetValue(key, out var existing)) merged[key] = existing with { Coefficient = existing.Coefficient + t.Coefficient };
            else
            {
                merged[key] = t;
                order.Add(key);
            }
        }
        return order.Select(k => merged[k]).Where(t => t.Coefficient != 0).ToList();
    }

    /// <summary>A monomial's key, e.g. "3,3,7".</summary>
    public static string Key(int[] atoms) => string.Join(",", atoms);

    /// <summary>Π atoms as one node (left fold in id order), or 1.</summary>
    public LaneExpr Product(int[] atoms)
    {
        var product = b.Constant(1);
        foreach (var id in atoms) product = b.Mul(product, _atoms[id]);
        return product;
    }

    /// <summary>
    /// Collects <paramref name="terms"/> by lane monomial: <c>Σₘ φₘ(x)·Cₘ</c> as an FMA chain, with each Cₘ a shared
    /// expression (computed once per step). Monomials are taken in a fixed order, so the result is deterministic.
    /// </summary>
    public LaneExpr Collect(List<Term> terms)
    {
        var groups = terms.GroupBy(t => Key(t.LaneAtoms))
            .Select(g => (Lane: g.First().LaneAtoms, Coefficient: g.Select(t => b.Mul(b.Constant(t.Coefficient), Product(t.SharedAtoms))).Aggregate(b.Add)))
            .OrderBy(g => g.Lane.Length).ThenBy(g => Key(g.Lane), StringComparer.Ordinal)
            .ToList();
        LaneExpr accumulator = b.Constant(0);
        foreach (var (lane, coefficient) in groups)
        {
            if (lane.Length == 0) accumulator = b.Add(accumulator, coefficient);
            else if (accumulator.IsConstant && accumulator.Value == 0) accumulator = b.Mul(Product(lane), coefficient);
            else accumulator = b.Fma(Product(lane), coefficient, accumulator);
        }
        return accumulator;
    }
}
