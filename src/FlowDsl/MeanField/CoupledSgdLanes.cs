using FlowDsl.Simd;

namespace FlowDsl.MeanField;

/// <summary>The SGD side of <see cref="CoupledLevelSampler{TModel}"/>: unit values of [Ψ(SGD) − Λ_SGD] − [Ψ(G) − Λ_G] and Ψ(SGD).</summary>
internal interface ICoupledSgdSide
{
    /// <summary>Units [<paramref name="first"/>, + count) into difference[u, o] and value[u, o] (u relative to first).</summary>
    void Run(int first, double[,] difference, double[,] value);
}

/// <summary>What one α-level's SGD side needs: the model, the coupling, the control variates and the seed.</summary>
internal sealed record CoupledSgdSettings(
    MeanFieldData Data, double[] Particles, IReadOnlyList<MeasureObservable> Observables, double Alpha, int Steps, bool Antithetic,
    ulong Seed, AtomCoupling Coupling, MeanPathControlVariate[] Controls, int Threads)
{
    /// <summary>Paths per unit: 2 with antithetic pairs, else 1.</summary>
    public int PathsPerUnit => Antithetic ? 2 : 1;
}

/// <summary>
/// The SGD side of the coupled estimator with the Gaussian partners G of <c>TOps.Count / PathsPerUnit</c> units in SIMD
/// lanes (<see cref="PathLaneGaussianSgd{TLanes,TOps,TVec}"/>) and particle SGD per path through the same generated
/// lanes at <see cref="ScalarOps"/>: every path's numbers are those of <see cref="ParticleSgd{TModel}"/> and
/// <see cref="GaussianParticleSgd{TModel}"/> (the same bits); units left over run one at a time at the scalar width.
/// </summary>
internal sealed class CoupledSgdLanes<TModel, TLanes, TOps, TVec> : ICoupledSgdSide
    where TModel : IMeanFieldModel where TLanes : ILaneFeature where TOps : ISimdOps<TVec> where TVec : struct
{
    private readonly CoupledSgdSettings _s;
    private readonly int _n;
    private readonly string _sgdName, _partnerName;

    public CoupledSgdLanes(CoupledSgdSettings settings)
    {
        _s = settings;
        _n = settings.Particles.Length / TLanes.Dimension;
        _sgdName = new ParticleSgd<TModel>(settings.Data, _n, settings.Alpha).Name;
        _partnerName = new GaussianParticleSgd<TModel>(settings.Data, _n, settings.Alpha).Name;
    }

    /// <inheritdoc/>
    public void Run(int first, double[,] difference, double[,] value)
    {
        var perUnit = _s.PathsPerUnit;
        var count = difference.GetLength(0);
        var unitsPerGroup = Math.Max(1, TOps.Count / perUnit);
        var wide = TOps.Count % perUnit == 0 ? count / unitsPerGroup : 0;
        var jobs = wide + (count - wide * unitsPerGroup);
        Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = _s.Threads },
            () => (Wide: (Group<TOps, TVec>?)null, Single: (Group<ScalarOps, double>?)null),
            (job, _, s) =>
            {
                if (job < wide)
                {
                    s.Wide ??= new Group<TOps, TVec>(this);
                    s.Wide.Run(first + job * unitsPerGroup, unitsPerGroup, job * unitsPerGroup, difference, value);
                }
                else
                {
                    // One unit: its paths one after the other at the scalar width.
                    s.Single ??= new Group<ScalarOps, double>(this);
                    var u = wide * unitsPerGroup + job - wide;
                    s.Single.Run(first + u, 1, u, difference, value);
                }
                return s;
            },
            static _ => { });
    }

    /// <summary>The work arrays of one lane group: G in lanes, SGD per lane, the step's normals, atoms and control sums.</summary>
    private sealed class Group<TO, TV> where TO : ISimdOps<TV> where TV : struct
    {
        private readonly CoupledSgdLanes<TModel, TLanes, TOps, TVec> _owner;
        private readonly PathLaneGaussianSgd<TLanes, TO, TV> _partner;
        private readonly PathLaneEvaluator<TLanes, ScalarOps, double> _sgd;
        private readonly double[][] _x;
        private readonly double[] _xi, _control, _y;
        private readonly TV[] _laneXi;
        private readonly Random.PhiloxLanes.Keys<TV> _schedule;

        public Group(CoupledSgdLanes<TModel, TLanes, TOps, TVec> owner)
        {
            _owner = owner;
            var s = owner._s;
            _partner = new PathLaneGaussianSgd<TLanes, TO, TV>(s.Data, owner._n, s.Alpha);
            _sgd = new PathLaneEvaluator<TLanes, ScalarOps, double>(s.Data, owner._n);
            _x = new double[TO.Count][];
            for (var l = 0; l < TO.Count; l++) _x[l] = new double[s.Particles.Length];
            _xi = new double[TO.Count * s.Data.Count];
            _laneXi = new TV[s.Data.Count];
            _schedule = Random.PhiloxLanes.Keys<TV>.Create<TO>((uint)s.Seed, (uint)(s.Seed >> 32));
            _control = new double[TO.Count * s.Observables.Count];
            _y = new double[s.Particles.Length];
        }

        /// <summary>
        /// Units [unit, + units) (their paths in lanes; with one unit per job at the scalar width, its paths in turn),
        /// into rows [row, + units) of the outputs.
        /// </summary>
        public void Run(int unit, int units, int row, double[,] difference, double[,] value)
        {
            var s = _owner._s;
            var perUnit = s.PathsPerUnit;
            var lanes = TO.Count;
            var rounds = units * perUnit / lanes; // 1 with lanes; perUnit at the scalar width
            var count = s.Data.Count;
            var o = s.Observables.Count;
            Span<double> bits = stackalloc double[lanes];
            Span<double> signs = stackalloc double[lanes];
            for (var r = 0; r < rounds; r++)
            {
                var firstPath = (uint)(unit * perUnit + r * lanes);
                for (var l = 0; l < lanes; l++) s.Particles.CopyTo(_x[l], 0);
                _partner.Start(s.Particles);
                Array.Clear(_control);
                // Lane l draws with key(path) and, for the second path of an antithetic pair, flips ξ's sign bit.
                for (var l = 0; l < lanes; l++)
                {
                    var path = firstPath + (uint)l;
                    bits[l] = BitConverter.UInt64BitsToDouble(s.Antithetic ? path >> 1 : path);
                    signs[l] = BitConverter.UInt64BitsToDouble(s.Antithetic && (path & 1) == 1 ? 0x8000_0000_0000_0000UL : 0);
                }
                var keys = TO.Load(in bits[0]);
                var sign = TO.Load(in signs[0]);
                for (var i = 0; i < s.Steps; i++)
                {
                    PathLaneNormals.Fill<TO, TV>(in _schedule, keys, (uint)i, MeanFieldStreams.CylindricalNoise, _laneXi);
                    for (var j = 0; j < count; j++)
                    {
                        _laneXi[j] = TO.Xor(_laneXi[j], sign);
                        TO.Store(_laneXi[j], ref bits[0]);
                        for (var l = 0; l < lanes; l++) _xi[l * count + j] = bits[l];
                    }
                    for (var l = 0; l < lanes; l++)
                    {
                        var path = firstPath + (uint)l;
                        var xi = _xi.AsSpan(l * count, count);
                        var atom = s.Coupling.Choose(xi);
                        // Λ_SGD − Λ_G of the step: the linear response along the mean path (mean zero on each side).
                        for (var k = 0; k < o; k++) _control[l * o + k] += s.Controls[k].Sgd(i, atom) - s.Controls[k].Gaussian(i, xi);
                        _sgd.SgdStep(_x[l], atom, s.Alpha);
                        CheckFinite(_x[l], path, i + 1, _owner._sgdName);
                    }
                    _partner.StepWith(_laneXi);
                    _partner.CheckFinite(firstPath, i + 1, TModel.Name, _owner._partnerName);
                }
                for (var l = 0; l < lanes; l++)
                {
                    _partner.Read(l, _y);
                    var path = (int)firstPath + l;
                    var u = row + (path / perUnit - unit);
                    for (var k = 0; k < o; k++)
                    {
                        var psi = s.Observables[k].Evaluate(_x[l]);
                        difference[u, k] += (psi - s.Observables[k].Evaluate(_y) - _control[l * o + k]) / perUnit;
                        value[u, k] += psi / perUnit;
                    }
                }
            }
        }

        private void CheckFinite(double[] x, uint path, int step, string stepper)
        {
            for (var i = 0; i < x.Length; i++)
                if (!double.IsFinite(x[i]))
                    throw new Simulation.DivergenceException(TModel.Name, stepper, step, (int)path, i / TLanes.Dimension, x[i],
                        time: step * _owner._s.Alpha, coordinate: i % TLanes.Dimension);
        }
    }
}
