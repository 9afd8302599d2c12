using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FlowDsl.Simulation;

namespace FlowDsl.Study;

/// <summary>
/// Sharding (issue 18): <see cref="RunPart"/> computes the paths of one range and <see cref="Merge"/> joins the parts.
/// Path p draws the randomness keyed by its global index, and every per-path value depends on that path alone, so the
/// parts concatenated in path order are exactly the arrays of one run; the merge then runs the same estimation code
/// (control-variate fits, order fit, bootstrap) on them: the same bits as <see cref="Run"/>.
/// </summary>
public sealed partial class WeakErrorStudy<TModel>
{
    /// <summary>
    /// Computes only the paths <paramref name="range"/> of the study's <see cref="Paths"/> paths (and its share of the h/2
    /// solver check, which runs on the first paths) and returns them as a <see cref="StudyPart"/> for <see cref="Merge"/>.
    /// Needs fixed paths: the adaptive budgets choose batches from every path seen so far, which a shard cannot see.
    /// </summary>
    /// <example><code>
    /// var study = WeakErrorStudy.For&lt;Quadratic&gt;().Observable(…).Paths(200_000);
    /// study.RunPart(PathRange.Shard(index, 64, 200_000, antithetic: false)).Write($"part-{index}.json");
    /// // later, anywhere with the same build:
    /// var result = study.Merge(Directory.GetFiles(".", "part-*.json").Select(StudyPart.Read));
    /// </code></example>
    public StudyPart RunPart(PathRange range)
    {
        var clock = Stopwatch.StartNew();
        RefuseAdaptiveForShards();
        range.Validate(_paths, _antithetic);
        var setup = Prepare(range.Count);
        var (mean, _, _, alphas, baseOptions, _, engine, simulated) = setup;
        var noise = new Dictionary<string, string>();
        var batch = baseOptions with { FirstPath = range.First, Paths = range.Count };
        var levels = new LevelData[alphas.Length];
        for (var j = 0; j < alphas.Length; j++)
            levels[j] = RunLevel(mean, engine, simulated, batch with { Alpha = alphas[j] }, _steps[j], noise, j, alphas.Length, null);
        var check = CheckRange(range);
        if (_solverCheck)
            for (var j = 0; j < alphas.Length; j++)
                levels[j].ModelHalf = check.Count > 0
                    ? RunSolverCheck(mean, baseOptions with { Alpha = alphas[j] }, noise, check)
                    : _models.Select(_ => _observables.Select(_ => Array.Empty<double>()).ToArray()).ToArray();
        var configuration = ShardConfiguration(setup);
        return new StudyPart
        {
            Code = CodeFingerprint(), Configuration = configuration, ConfigurationHash = StudyFingerprint.Configuration(configuration),
            TotalPaths = _paths, Range = range, Noise = noise, ElapsedSeconds = clock.Elapsed.TotalSeconds,
            Levels = levels.Select(l => new PartLevel(l.Sgd, l.SgdExactValue, l.SgdExact, l.Model, l.ModelHalf, l.SgdControl, l.ModelControl)).ToArray(),
        };
    }

    /// <summary>
    /// Joins the parts of this study (configured exactly as when the parts ran) into the result one <see cref="Run"/> gives,
    /// bit for bit. Refused with a one-line <see cref="StudyPartException"/>, nothing merged, when a part comes from other
    /// code or another configuration, when parts overlap or leave paths out, or when a part's arrays do not fit its range.
    /// <see cref="WeakErrorResult.Elapsed"/> is the summed time of the parts and the merge.
    /// </summary>
    public WeakErrorResult Merge(IEnumerable<StudyPart> parts)
    {
        var clock = Stopwatch.StartNew();
        RefuseAdaptiveForShards();
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        if (list.Count == 0) throw new StudyPartException("No parts to merge.");
        var setup = Prepare(_paths);
        var ordered = StudyPartSet.Check(list, CodeFingerprint(), ShardConfiguration(setup), _paths);
        var levels = Concatenate(ordered, setup);
        var budget = new PathBudgetRun(_paths, null, null, _antithetic, _solverCheck ? CheckPaths : _ => 0);
        var partSeconds = ordered.Sum(p => p.ElapsedSeconds);
        budget.CompletedElsewhere(_paths, partSeconds); // time-to-resolve advice at the parts' cost per path
        return Finish(setup, setup.Alphas, _steps.ToArray(), levels, new Dictionary<string, string>(ordered[0].Noise), budget, TimeSpan.FromSeconds(partSeconds) + clock.Elapsed);
    }

    private void RefuseAdaptiveForShards()
    {
        if (_pathBudget is not null || _timeBudget is not null)
            throw new InvalidOperationException(
                "Sharding needs a fixed path count: the adaptive path or time budget chooses each batch from all the paths seen so far, which a shard cannot see. " +
                "Run the adaptive study once, then shard a rerun with .Paths(n) (--paths N) for the n it reports.");
    }

    /// <summary>The paths of the h/2 solver check (the first <see cref="CheckPaths"/> of all) inside <paramref name="range"/>.</summary>
    private PathRange CheckRange(PathRange range)
    {
        var end = Math.Min(range.End, _solverCheck ? CheckPaths(_paths) : 0);
        return end > range.First ? new PathRange(range.First, end) : new PathRange(range.First, range.First);
    }

    /// <summary>The code fingerprint: FlowDsl, the model's assembly and those of the observables and the exact-SGD function.</summary>
    private string CodeFingerprint()
    {
        var assemblies = new List<Assembly> { typeof(TModel).Assembly };
        assemblies.AddRange(_observables.Select(o => o.Function.Method.Module.Assembly));
        if (_exactSgd is not null) assemblies.Add(_exactSgd.Method.Module.Assembly);
        return StudyFingerprint.Code(assemblies);
    }

    /// <summary>Every setting that changes a number (not the thread count, which does not), as name → invariant text.</summary>
    private SortedDictionary<string, string> ShardConfiguration(Setup setup)
    {
        static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var accuracy = _meanAccuracy ?? DefaultMeanAccuracy;
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = TModel.Name,
            ["law"] = Describe(setup.Mean.Law),
            ["means"] = setup.Mean.Description,
            ["meanAccuracy"] = $"{R(accuracy.Tolerance)}, at most {accuracy.MaxNodes} nodes",
            ["horizon"] = R(_horizon),
            ["ladder"] = string.Join(" ", _steps),
            ["paths"] = _paths.ToString(CultureInfo.InvariantCulture),
            ["seed"] = _seed.ToString(CultureInfo.InvariantCulture),
            ["scheme"] = $"{_scheme}, K = {_substeps}",
            ["brownianGrid"] = setup.BaseOptions.BrownianGridSteps?.ToString(CultureInfo.InvariantCulture) ?? "default",
            ["sgdReplicas"] = _replicas.ToString(CultureInfo.InvariantCulture),
            ["batch"] = _batch.ToString(CultureInfo.InvariantCulture),
            ["features"] = _features.ToString(CultureInfo.InvariantCulture),
            ["sampling"] = _sampling.ToString(),
            ["antithetic"] = _antithetic.ToString(),
            ["solverCheck"] = _solverCheck.ToString(),
            ["bootstrap"] = _bootstrap.ToString(CultureInfo.InvariantCulture),
            ["tolerance"] = R(_tolerance),
            ["enumerationLimit"] = _enumerationLimit.ToString(CultureInfo.InvariantCulture),
            ["modelControlVariates"] = _modelControl.ToString(),
            ["surrogateControlVariates"] = _surrogate ? $"order {_surrogateOrder}" : "off",
            ["exactSgd"] = _exactSgd is null ? "none" : $"{_exactSgd.Method.DeclaringType?.FullName}.{_exactSgd.Method.Name}",
            ["models"] = string.Join(", ", _models.Select(m => m.Name)),
            ["observables"] = string.Join(", ", _observables.Select(o => $"{o.Name} ({o.Points}-point)")),
            ["startingPoints"] = string.Join("; ", setup.Points.Select(u => string.Join(" ", u.Select(R)))),
        };
    }

    /// <summary>The levels of one run from parts in path order, after checking every array against its part's range.</summary>
    private LevelData[] Concatenate(IReadOnlyList<StudyPart> parts, Setup setup)
    {
        var levels = new LevelData[setup.Alphas.Length];
        for (var j = 0; j < levels.Length; j++)
        {
            var pieces = parts.Select(p => Checked(p, j, setup)).ToArray();
            var first = pieces[0];
            foreach (var piece in pieces.Skip(1))
                if (!SameBits(piece.SgdExactValue, first.SgdExactValue) || !piece.SgdExact.SequenceEqual(first.SgdExact)
                    || (piece.Sgd is null) != (first.Sgd is null) || (piece.SgdControl is null) != (first.SgdControl is null))
                    throw new StudyPartException($"{parts[Array.IndexOf(pieces, piece)].Source}: level α = {R(setup.Alphas[j])} was computed differently from {parts[0].Source} (exact values or simulated SGD differ).");
            levels[j] = new LevelData
            {
                Sgd = first.Sgd is null ? null : Join(pieces.Select(p => p.Sgd!)),
                SgdExactValue = first.SgdExactValue, SgdExact = first.SgdExact,
                Model = Enumerable.Range(0, first.Model.Length).Select(m => Join(pieces.Select(p => p.Model[m]))).ToArray(),
                ModelHalf = first.ModelHalf is null ? null : Enumerable.Range(0, first.ModelHalf.Length).Select(m => Join(pieces.Select(p => p.ModelHalf![m]))).ToArray(),
                SgdControl = first.SgdControl is null ? null : Join(pieces.Select(p => p.SgdControl!)),
                ModelControl = Enumerable.Range(0, first.ModelControl.Length)
                    .Select(m => pieces.Any(p => p.ModelControl[m] is null) ? null : Join(pieces.Select(p => p.ModelControl[m]!))).ToArray(),
            };
        }
        return levels;

        static double[][] Join(IEnumerable<double[][]> perPart)
        {
            var list = perPart.ToList();
            return Enumerable.Range(0, list[0].Length).Select(o => list.SelectMany(p => p[o]).ToArray()).ToArray();
        }
        static bool SameBits(double[] a, double[] b) =>
            a.Length == b.Length && a.Zip(b).All(x => BitConverter.DoubleToInt64Bits(x.First) == BitConverter.DoubleToInt64Bits(x.Second));
        static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Level <paramref name="j"/> of <paramref name="part"/>, with every array's shape checked against the study and the part's range.</summary>
    private PartLevel Checked(StudyPart part, int j, Setup setup)
    {
        if (part.Levels.Count != setup.Alphas.Length)
            throw new StudyPartException($"{part.Source}: {part.Levels.Count} α-levels, the study has {setup.Alphas.Length}.");
        var level = part.Levels[j];
        var paths = part.Range.Count;
        var check = CheckRange(part.Range).Count;
        var o = _observables.Count;
        bool Fits(double[][]? values, int length) => values is not null && values.Length == o && values.All(v => v is not null && v.Length == length);
        bool Controls(double[][] values) => values.Length == SurrogateControls && values.All(v => v is not null && v.Length == paths);
        var ok = level.SgdExactValue?.Length == o && level.SgdExact?.Length == o
                 && (level.Sgd is null || Fits(level.Sgd, paths))
                 && level.Model?.Length == setup.Simulated.Count && level.Model.All(m => Fits(m, paths))
                 && (_solverCheck ? level.ModelHalf?.Length == _models.Count && level.ModelHalf.All(m => Fits(m, check)) : level.ModelHalf is null)
                 && (level.SgdControl is null || Controls(level.SgdControl))
                 && level.ModelControl?.Length == setup.Simulated.Count && level.ModelControl.All(c => c is null || Controls(c));
        if (!ok)
            throw new StudyPartException($"{part.Source}: the values of level {j + 1} do not fit its {paths:N0} paths and this study's models and observables (a damaged file?).");
        return level;
    }
}
