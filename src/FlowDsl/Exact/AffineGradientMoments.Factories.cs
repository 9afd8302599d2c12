namespace FlowDsl.Exact;

public sealed partial class AffineGradientMoments
{
    /// <summary>
    /// Exact moments of a finitely supported law of (A, c): E g = Σⱼ pⱼ g(Aⱼ, cⱼ) with pⱼ = wⱼ / Σw (weights are relative,
    /// finite and ≥ 0 with a positive sum). Each Aⱼ must be a symmetric d×d matrix (a Hessian) and cⱼ a d-vector.
    /// The centred moments are accumulated from centred atoms, so large means cost no precision.
    /// </summary>
    public static AffineGradientMoments FromAtoms(IReadOnlyList<(double weight, double[,] A, double[] c)> atoms)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        if (atoms.Count == 0) throw new ArgumentException("The list of atoms is empty.", nameof(atoms));
        var d = atoms[0].c?.Length ?? throw new ArgumentException("Atom 0 has a null c.", nameof(atoms));
        if (d == 0) throw new ArgumentException("Atom 0 has an empty c; the dimension must be ≥ 1.", nameof(atoms));
        var total = 0.0;
        for (var n = 0; n < atoms.Count; n++)
        {
            var (w, a, c) = atoms[n];
            if (!double.IsFinite(w) || w < 0) throw new ArgumentException($"Atom {n} has weight {w}; weights must be finite and ≥ 0.", nameof(atoms));
            if (a is null || c is null) throw new ArgumentException($"Atom {n} has a null A or c.", nameof(atoms));
            if (c.Length != d || a.GetLength(0) != d || a.GetLength(1) != d)
                throw new ArgumentException($"Atom {n} has A {a.GetLength(0)}×{a.GetLength(1)} and c of length {c.Length}; atom 0 fixes d = {d}.", nameof(atoms));
            CheckFinite(a, $"atom {n}: A", nameof(atoms));
            for (var i = 0; i < d; i++)
                if (!double.IsFinite(c[i])) throw new ArgumentException($"Atom {n}: c[{i}] is {c[i]}; it must be finite.", nameof(atoms));
            CheckSymmetric(a, $"atom {n}: A", nameof(atoms));
            total += w;
        }
        if (!(total > 0)) throw new ArgumentException("The atom weights sum to 0; at least one must be positive.", nameof(atoms));

        var meanA = new double[d, d];
        var meanC = new double[d];
        foreach (var (w, a, c) in atoms)
        {
            var p = w / total;
            for (var i = 0; i < d; i++)
            {
                meanC[i] += p * c[i];
                for (var j = 0; j < d; j++) meanA[i, j] += p * a[i, j];
            }
        }
        var caa = new double[d, d, d, d];
        var cac = new double[d, d, d];
        var ccc = new double[d, d];
        var at = new double[d, d];
        var ct = new double[d];
        foreach (var (w, a, c) in atoms)
        {
            var p = w / total;
            if (p == 0) continue;
            for (var i = 0; i < d; i++)
            {
                ct[i] = c[i] - meanC[i];
                for (var j = 0; j < d; j++) at[i, j] = a[i, j] - meanA[i, j];
            }
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++)
                {
                    var pa = p * at[i, j];
                    for (var k = 0; k < d; k++)
                    {
                        cac[i, j, k] += pa * ct[k];
                        for (var l = 0; l < d; l++) caa[i, j, k, l] += pa * at[k, l];
                    }
                }
            for (var i = 0; i < d; i++)
                for (var k = 0; k < d; k++) ccc[i, k] += p * ct[i] * ct[k];
        }
        var (aa, ac, cc) = Uncentre(meanA, meanC, caa, cac, ccc);
        return new AffineGradientMoments(meanA, meanC, aa, ac, cc, caa, cac, ccc);
    }

    /// <summary>
    /// The moments given directly (closed forms): <paramref name="meanA"/> = E A (symmetric d×d), <paramref name="meanC"/> = E c,
    /// <paramref name="secondAA"/>[i,j,k,l] = E[AᵢⱼAₖₗ], <paramref name="secondAC"/>[i,j,k] = E[Aᵢⱼcₖ],
    /// <paramref name="secondCC"/>[i,k] = E[cᵢcₖ]. Checked: shapes, finiteness, the symmetries E[AᵢⱼAₖₗ] = E[AₖₗAᵢⱼ] and
    /// E[cᵢcₖ] = E[cₖcᵢ], and non-negative variances E[Ãᵢⱼ²], E[c̃ᵢ²].
    /// </summary>
    public static AffineGradientMoments FromMoments(double[,] meanA, double[] meanC, double[,,,] secondAA, double[,,] secondAC, double[,] secondCC)
    {
        ArgumentNullException.ThrowIfNull(meanA);
        ArgumentNullException.ThrowIfNull(meanC);
        ArgumentNullException.ThrowIfNull(secondAA);
        ArgumentNullException.ThrowIfNull(secondAC);
        ArgumentNullException.ThrowIfNull(secondCC);
        var d = meanC.Length;
        if (d == 0) throw new ArgumentException("E c is empty; the dimension must be ≥ 1.", nameof(meanC));
        CheckShape(meanA, [d, d], nameof(meanA));
        CheckShape(secondAA, [d, d, d, d], nameof(secondAA));
        CheckShape(secondAC, [d, d, d], nameof(secondAC));
        CheckShape(secondCC, [d, d], nameof(secondCC));
        for (var i = 0; i < d; i++)
            if (!double.IsFinite(meanC[i])) throw new ArgumentException($"E c[{i}] is {meanC[i]}; it must be finite.", nameof(meanC));
        CheckFinite(meanA, "E A", nameof(meanA));
        CheckSymmetric(meanA, "E A", nameof(meanA));
        CheckSymmetric(secondCC, "E[c cᵀ]", nameof(secondCC));
        foreach (var v in secondAA) if (!double.IsFinite(v)) throw new ArgumentException("E[A⊗A] has a non-finite entry.", nameof(secondAA));
        foreach (var v in secondAC) if (!double.IsFinite(v)) throw new ArgumentException("E[A⊗c] has a non-finite entry.", nameof(secondAC));
        CheckFinite(secondCC, "E[c cᵀ]", nameof(secondCC));

        var meanAc = (double[,])meanA.Clone();
        var meanCc = (double[])meanC.Clone();
        var caa = new double[d, d, d, d];
        var cac = new double[d, d, d];
        var ccc = new double[d, d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++)
            {
                for (var k = 0; k < d; k++)
                {
                    cac[i, j, k] = secondAC[i, j, k] - meanA[i, j] * meanC[k];
                    for (var l = 0; l < d; l++)
                    {
                        if (!Close(secondAA[i, j, k, l], secondAA[k, l, i, j]))
                            throw new ArgumentException($"E[AᵢⱼAₖₗ] is not symmetric under (i,j)↔(k,l) at [{i},{j},{k},{l}].", nameof(secondAA));
                        caa[i, j, k, l] = secondAA[i, j, k, l] - meanA[i, j] * meanA[k, l];
                    }
                }
                if (caa[i, j, i, j] < -1e-12 * (1 + Math.Abs(secondAA[i, j, i, j])))
                    throw new ArgumentException($"Var A[{i},{j}] = E[A²] − (E A)² = {caa[i, j, i, j]:G6} is negative.", nameof(secondAA));
            }
        for (var i = 0; i < d; i++)
        {
            for (var k = 0; k < d; k++) ccc[i, k] = secondCC[i, k] - meanC[i] * meanC[k];
            if (ccc[i, i] < -1e-12 * (1 + Math.Abs(secondCC[i, i])))
                throw new ArgumentException($"Var c[{i}] = E[c²] − (E c)² = {ccc[i, i]:G6} is negative.", nameof(secondCC));
        }
        return new AffineGradientMoments(meanAc, meanCc, (double[,,,])secondAA.Clone(), (double[,,])secondAC.Clone(),
            (double[,])secondCC.Clone(), caa, cac, ccc);
    }

    /// <summary>E[AA] = E[ÃÃ] + Ā⊗Ā, E[Ac] = E[Ãc̃] + Ā⊗c̄, E[ccᵀ] = E[c̃c̃ᵀ] + c̄c̄ᵀ.</summary>
    private static (double[,,,] AA, double[,,] AC, double[,] CC) Uncentre(double[,] meanA, double[] meanC, double[,,,] caa, double[,,] cac, double[,] ccc)
    {
        var d = meanC.Length;
        var aa = new double[d, d, d, d];
        var ac = new double[d, d, d];
        var cc = new double[d, d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++)
                for (var k = 0; k < d; k++)
                {
                    ac[i, j, k] = cac[i, j, k] + meanA[i, j] * meanC[k];
                    for (var l = 0; l < d; l++) aa[i, j, k, l] = caa[i, j, k, l] + meanA[i, j] * meanA[k, l];
                }
        for (var i = 0; i < d; i++)
            for (var k = 0; k < d; k++) cc[i, k] = ccc[i, k] + meanC[i] * meanC[k];
        return (aa, ac, cc);
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-10 * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static void CheckSymmetric(double[,] a, string what, string parameter)
    {
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < i; j++)
                if (!Close(a[i, j], a[j, i]))
                    throw new ArgumentException($"{what} is not symmetric at ({i},{j}): {a[i, j]} vs {a[j, i]} (a Hessian ∇²ₓR is symmetric).", parameter);
    }

    private static void CheckFinite(double[,] a, string what, string parameter)
    {
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < a.GetLength(1); j++)
                if (!double.IsFinite(a[i, j])) throw new ArgumentException($"{what}[{i},{j}] is {a[i, j]}; it must be finite.", parameter);
    }

    private static void CheckShape(Array a, int[] shape, string parameter)
    {
        var actual = Enumerable.Range(0, a.Rank).Select(a.GetLength).ToArray();
        if (!actual.SequenceEqual(shape))
            throw new ArgumentException($"{parameter} has shape {string.Join("×", actual)}; expected {string.Join("×", shape)}.", parameter);
    }
}
