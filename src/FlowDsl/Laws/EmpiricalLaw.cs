namespace FlowDsl;

public abstract partial class Law
{
    /// <summary>
    /// The empirical law Σⱼ pⱼ δ_{θⱼ} of a data set: <paramref name="atoms"/>ⱼ are the samples θⱼ (all of one length);
    /// <paramref name="weights"/> are relative, pⱼ = wⱼ / Σw (counts work); <c>null</c> means pⱼ = 1/N.
    /// </summary>
    public static EmpiricalLaw Empirical(double[][] atoms, double[]? weights = null) => new(atoms, weights);

    /// <summary>
    /// The empirical law of the data set in the delimited text file <paramref name="path"/> (one atom per line; see
    /// <see cref="Data.DataSetFile"/> and <see cref="Data.DataSetFileOptions"/> for the format and an optional weight column).
    /// </summary>
    public static EmpiricalLaw EmpiricalFromFile(string path, Data.DataSetFileOptions? options = null)
    {
        var (atoms, weights) = Data.DataSetFile.Read(path, options);
        return new EmpiricalLaw(atoms, weights);
    }
}

/// <summary>
/// The empirical law P = Σⱼ pⱼ δ_{θⱼ} of a data set (math.md §3.4 a). Atoms are indexed by sample id, so duplicates
/// stay distinct atoms. Weights are <b>relative</b>: they must be finite and ≥ 0 with a positive sum, and are
/// normalised to pⱼ = wⱼ / Σw; without weights pⱼ = 1/N.
/// </summary>
public sealed class EmpiricalLaw : FiniteLaw
{
    /// <summary>The law Σⱼ pⱼ δ_{<paramref name="atoms"/>ⱼ}, pⱼ = <paramref name="weights"/>ⱼ / Σw (or 1/N).</summary>
    public EmpiricalLaw(double[][] atoms, double[]? weights = null)
        : base(CheckAtoms(atoms), CheckWeights(weights, atoms))
    {
    }

    private static double[][] CheckAtoms(double[][] atoms)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        if (atoms.Length == 0)
            throw new ArgumentException("An empirical law needs at least one atom; the data set is empty.", nameof(atoms));
        var copy = new double[atoms.Length][];
        for (var j = 0; j < atoms.Length; j++)
        {
            var atom = atoms[j] ?? throw new ArgumentException($"Atom {j} is null.", nameof(atoms));
            if (atom.Length == 0)
                throw new ArgumentException($"Atom {j} is empty; atoms need at least one coordinate.", nameof(atoms));
            if (atom.Length != atoms[0].Length)
                throw new ArgumentException($"Atom {j} has length {atom.Length}; atom 0 has length {atoms[0].Length}.", nameof(atoms));
            for (var i = 0; i < atom.Length; i++)
                if (!double.IsFinite(atom[i]))
                    throw new ArgumentException($"Atom {j} has the non-finite coordinate {i} = {atom[i]}.", nameof(atoms));
            copy[j] = (double[])atom.Clone();
        }
        return copy;
    }

    private static double[] CheckWeights(double[]? weights, double[][] atoms) =>
        weights is null
            ? Enumerable.Repeat(1.0 / atoms.Length, atoms.Length).ToArray()
            : Normalise(weights, atoms.Length, nameof(weights), sumTolerance: null);
}
