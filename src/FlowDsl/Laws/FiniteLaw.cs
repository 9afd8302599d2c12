using FlowDsl.Random;

namespace FlowDsl;

/// <summary>
/// A finitely supported law P = Σⱼ pⱼ δ_{θⱼ} (categorical, empirical). Sampling draws one uniform U and returns the
/// first atom whose cumulative probability exceeds U, so atoms with pⱼ = 0 are never drawn.
/// </summary>
public abstract class FiniteLaw : Law
{
    private readonly double[][] _atoms;
    private readonly double[] _probabilities;
    private readonly double[] _cumulative;

    /// <summary>Stores validated atoms and probabilities (already normalised; not copied again).</summary>
    private protected FiniteLaw(double[][] atoms, double[] probabilities)
    {
        _atoms = atoms;
        _probabilities = probabilities;
        _cumulative = new double[probabilities.Length];
        var running = 0.0;
        for (var j = 0; j < probabilities.Length; j++)
        {
            running += probabilities[j];
            _cumulative[j] = running;
        }
        // The last atom with positive probability closes the interval exactly.
        var last = Array.FindLastIndex(probabilities, p => p > 0);
        for (var j = last; j < probabilities.Length; j++) _cumulative[j] = 1.0;
    }

    /// <summary>Number of atoms (including any with probability 0).</summary>
    public int Count => _atoms.Length;

    /// <summary>The atom θⱼ (a copy).</summary>
    public double[] Atom(int index) => (double[])_atoms[index].Clone();

    /// <summary>The probability pⱼ of atom <paramref name="index"/>.</summary>
    public double Probability(int index) => _probabilities[index];

    /// <inheritdoc/>
    public override int Dimension => _atoms[0].Length;

    /// <summary>The atoms θⱼ with their probabilities pⱼ (copies): E f(θ) = Σⱼ pⱼ f(θⱼ) exactly.</summary>
    public override Quadrature Support => new((double[])_probabilities.Clone(), _atoms.Select(a => (double[])a.Clone()).ToArray());

    /// <summary>E θ = Σⱼ pⱼ θⱼ.</summary>
    public override double[] Mean
    {
        get
        {
            var mean = new double[Dimension];
            for (var j = 0; j < _atoms.Length; j++)
                for (var i = 0; i < mean.Length; i++) mean[i] += _probabilities[j] * _atoms[j][i];
            return mean;
        }
    }

    /// <summary>Cov θ = Σⱼ pⱼ (θⱼ − Eθ)(θⱼ − Eθ)ᵀ (centred first, so a large mean costs no precision).</summary>
    public override double[,] Covariance
    {
        get
        {
            var mean = Mean;
            var d = Dimension;
            var covariance = new double[d, d];
            var centred = new double[d];
            for (var j = 0; j < _atoms.Length; j++)
            {
                for (var i = 0; i < d; i++) centred[i] = _atoms[j][i] - mean[i];
                for (var i = 0; i < d; i++)
                    for (var k = 0; k < d; k++) covariance[i, k] += _probabilities[j] * centred[i] * centred[k];
            }
            return covariance;
        }
    }

    /// <summary>Draws the index j of an atom with probability pⱼ (one uniform from <paramref name="random"/>).</summary>
    public int SampleIndex(ref CounterRng random)
    {
        var u = random.NextUniform();
        var index = Array.BinarySearch(_cumulative, u);
        // BinarySearch returns ~(first element > u) when u is not present; if u hits a boundary, take the next atom.
        index = index >= 0 ? index + 1 : ~index;
        while (_probabilities[index] == 0) index++;
        return index;
    }

    /// <inheritdoc/>
    public override void Sample(ref CounterRng random, Span<double> destination)
    {
        CheckDestination(destination);
        _atoms[SampleIndex(ref random)].CopyTo(destination);
    }

    /// <summary>
    /// Checks weights wⱼ (finite, ≥ 0, positive compensated sum) and returns pⱼ = wⱼ / Σw. With
    /// <paramref name="sumTolerance"/> set, also requires |Σw − 1| ≤ tolerance.
    /// </summary>
    private protected static double[] Normalise(double[] weights, int count, string parameter, double? sumTolerance)
    {
        if (weights.Length != count)
            throw new ArgumentException($"There are {weights.Length} weights for {count} atoms.", parameter);
        for (var j = 0; j < weights.Length; j++)
            if (!double.IsFinite(weights[j]) || weights[j] < 0)
                throw new ArgumentException($"Weight {j} is {weights[j]}; weights must be finite and ≥ 0.", parameter);
        var total = CompensatedSum(weights);
        if (!(total > 0))
            throw new ArgumentException("The weights sum to 0; at least one must be positive.", parameter);
        if (sumTolerance is { } tolerance && Math.Abs(total - 1.0) > tolerance)
            throw new ArgumentException($"The probabilities sum to {total:R}, not 1 (tolerance {tolerance:G3}).", parameter);
        return weights.Select(w => w / total).ToArray();
    }

    /// <summary>Neumaier's compensated sum.</summary>
    private protected static double CompensatedSum(IEnumerable<double> values)
    {
        double sum = 0, compensation = 0;
        foreach (var v in values)
        {
            var t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        return sum + compensation;
    }
}
