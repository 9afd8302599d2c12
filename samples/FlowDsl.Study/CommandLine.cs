using System.CommandLine;
using FlowDsl.Schemes;

namespace FlowDsl.Study.App;

/// <summary>The command line of the main job: every option maps to one <see cref="StudySettings"/> property.</summary>
public static class CommandLine
{
    private static readonly StudySettings Defaults = new();

    /// <summary>Builds the root command; <paramref name="run"/> receives the validated settings and returns the exit code.</summary>
    public static RootCommand Build(Func<StudySettings, bool, int> run)
    {
        var studies = new Option<string[]>("--studies", "-s")
        {
            Description = "Which studies to run (default: every study of --set): " + string.Join(", ", StudySets.All.Select(s => $"{s.Key} ({s.Description})")),
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [.. Defaults.Studies],
        };
        studies.AcceptOnlyFromAmong([.. StudySets.All.Select(s => s.Key)]);
        var set = new Option<string>("--set")
        {
            Description = "The set of studies: builtin (closed-form models, default) or user-models (a nonlinear risk under a normal law, a nonlinear risk on a CSV data set; adaptive paths).",
            DefaultValueFactory = _ => Defaults.Set,
        };
        set.AcceptOnlyFromAmong([.. StudySets.Sets.Keys]);
        var budgetPaths = new Option<int>("--budget-paths") { Description = "Path budget of studies that size their paths adaptively (user-models): batches are added until every level has |ê|/SE ≥ 5 or the budget is spent.", DefaultValueFactory = _ => Defaults.BudgetPaths };
        OptionBounds.Range(budgetPaths, OptionBounds.MinPaths, int.MaxValue);
        var budgetSeconds = new Option<double?>("--budget-seconds") { Description = "Time budget per adaptive study, in seconds (default 60): a batch starts only when it and the h/2 solver check are predicted to end inside it. Time decides only between batches; the paths, ladder, grid and SGD replicas used are reported (rerun with --paths, --ladder, --brownian-grid and --sgd-replicas to reproduce).", DefaultValueFactory = _ => Defaults.BudgetSeconds };
        budgetSeconds.Validators.Add(r => { if (OptionBounds.TryGet<double?>(r, out var t) && t is { } v && !(v > 0 && double.IsFinite(v))) r.AddError("--budget-seconds must be a positive number."); });
        var brownianGrid = new Option<int?>("--brownian-grid") { Description = "The fine Brownian grid in steps over [0, T] (default: the finest level's N·K·2). Only needed to repeat an adaptive run whose ladder rule dropped its finest level: pass the reported configuration.brownianGridSteps with --paths and --ladder." };
        OptionBounds.Range(brownianGrid, 1, int.MaxValue);
        var sgdReplicas = new Option<int?>("--sgd-replicas") { Description = "SGD runs averaged per path (1–64; default 1, or chosen by the adaptive studies' rule). Repeat an adaptive run with the reported configuration.sgdReplicas." };
        OptionBounds.Range(sgdReplicas, 1, 64);
        var meanTolerance = new Option<double?>("--mean-tolerance") { Description = "Relative tolerance of the adaptive Gauss rules for ∇R, ∇²R·v and Σ when no finite rule is exact (default: the study's 1e-3, at most 512 nodes)." };
        meanTolerance.Validators.Add(r => { if (OptionBounds.TryGet<double?>(r, out var t) && t is { } v && !(v > 0 && v < 1)) r.AddError("--mean-tolerance must be in (0, 1)."); });

        var ladder = new Option<int[]>("--ladder")
        {
            Description = "The α-ladder as SGD step counts N (α = T/N, 1 ≤ N ≤ 65,536); each must divide the largest. Example: --ladder 8 16 32 64. Default: each study's own ladder (8–64; 16–128 for regression; 4–16 for mean-field, whose SGD is enumerated exactly up to 2²⁰ atom sequences and simulated by coupled Monte Carlo beyond).",
            AllowMultipleArgumentsPerToken = true,
        };
        ladder.Validators.Add(r =>
        {
            if (!OptionBounds.TryGet<int[]>(r, out var steps)) return;
            if (steps.Length < 2) r.AddError("--ladder needs at least two step counts, e.g. --ladder 8 16 32 64.");
            else if (steps.Any(n => n is < 1 or > OptionBounds.MaxLadderSteps)) r.AddError($"--ladder step counts must be integers between 1 and {OptionBounds.MaxLadderSteps:N0}; got {string.Join(" ", steps)}.");
            else if (steps.Any(n => steps.Max() % n != 0)) r.AddError($"--ladder: every step count must divide the largest ({steps.Max()}).");
        });

        var horizon = new Option<double>("--horizon", "-T") { Description = "The horizon T (SGD runs N = T/α steps; 0 < T ≤ 10⁶).", DefaultValueFactory = _ => Defaults.Horizon };
        OptionBounds.Positive(horizon, OptionBounds.MaxHorizon);

        var paths = new Option<int?>("--paths", "-n") { Description = "Monte Carlo paths per α-level for the continuous models (SGD is exact here; for a mean-field study beyond enumeration, the pilot batch of its adaptive budget). Default: each study's own (1,000–12,000). At least 100; a count whose memory estimate exceeds the machine's memory is refused before the run." };
        OptionBounds.Range(paths, OptionBounds.MinPaths, int.MaxValue);

        var scheme = new Option<SchemeKind>("--scheme")
        {
            Description = "The SDE solver: StochasticHeun (default, weak error O(h² + α²h)), EulerMaruyama, Platen, TalayTubaro, ExactLinear. The mean-field flows always use StochasticHeun.",
            DefaultValueFactory = _ => Defaults.Scheme,
        };
        var substeps = new Option<int>("--substeps", "-K") { Description = "Solver steps K per SGD step (h = α/K; 1 ≤ K ≤ 4,096).", DefaultValueFactory = _ => Defaults.Substeps };
        OptionBounds.Range(substeps, 1, OptionBounds.MaxSubsteps);

        var seed = new Option<ulong>("--seed") { Description = "The seed of every random draw: the same seed gives the same numbers, for any thread count.", DefaultValueFactory = _ => Defaults.Seed };
        var threads = new Option<int>("--threads", "-j") { Description = "Worker threads (default: all cores; 1–1,024).", DefaultValueFactory = _ => Defaults.Threads };
        OptionBounds.Range(threads, 1, OptionBounds.MaxThreads);

        var bootstrap = new Option<int>("--bootstrap") { Description = "Path-bootstrap replicates for the standard error of the fitted order (0–100,000; 0 or 1: the WLS standard error).", DefaultValueFactory = _ => Defaults.Bootstrap };
        OptionBounds.Range(bootstrap, 0, OptionBounds.MaxBootstrap);
        var noSolverCheck = new Option<bool>("--no-solver-check") { Description = "Skip the rerun at h/2 that bounds the solver bias (faster, less safe)." };
        var output = new Option<string>("--output", "-o") { Description = "The folder for tables, plots (PNG, SVG), CSV and JSON; created if missing, and removed again if the run fails before writing. " +
                "Each run replaces the files of the studies listed in an earlier study.json there (other files are left alone), so the folder holds exactly what its study.json lists.", DefaultValueFactory = _ => Defaults.Output };
        var noPlots = new Option<bool>("--no-plots") { Description = "Do not draw the PNG/SVG plots." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display (it is also off when output is redirected)." };

        var shard = new Option<string?>("--shard")
        {
            Description = "Compute only shard i of n of each chosen study's paths (0 ≤ i < n; e.g. --shard $SLURM_ARRAY_TASK_ID/64) and write a part file " +
                          "(--part, default <output>/part-<i>-of-<n>.json) for the merge verb. Needs fixed paths (--paths for adaptive studies); not for mean-field studies.",
        };
        shard.Validators.Add(r => { if (OptionBounds.TryGet<string?>(r, out var t) && t is not null && ShardRequest.ParseShard(t, out var e) is null) r.AddError(e); });
        var pathsRange = new Option<string?>("--paths-range") { Description = "Compute only the paths a..b (a to b−1) of each chosen study and write a part file; an alternative to --shard." };
        pathsRange.Validators.Add(r =>
        {
            if (!OptionBounds.TryGet<string?>(r, out var t) || t is null) return;
            try { PathRange.Parse(t); }
            catch (FormatException e) { r.AddError($"--paths-range: {e.Message}"); }
        });
        var part = new Option<string?>("--part") { Description = "The part file of --shard / --paths-range (default: part-<i>-of-<n>.json or part-paths-<a>-<b>.json in --output)." };

        var root = new RootCommand(
            "FlowDsl weak-error study: measures E f(SGD) − E f(model) over an α-ladder for SME-1, SME-2 and the stochastic " +
            "modified flow (SMF) on built-in models, fits the weak order with its standard error and checks it against theory. " +
            "Exit code 0: every verdict passes; 3: a verdict fails; 2: invalid input, a configuration that does not fit in memory, " +
            "or a numerical failure (a one-line message; nothing is written). Sharding: --shard i/n writes a part file per shard; " +
            "'merge part-*.json' joins them into the reports of a single run, bit for bit.")
        {
            studies, set, ladder, horizon, paths, scheme, substeps, seed, threads, bootstrap, noSolverCheck, output, noPlots, quiet,
            budgetPaths, budgetSeconds, meanTolerance, brownianGrid, sgdReplicas, shard, pathsRange, part, MergeCommand.Build(run),
        };
        root.Validators.Add(r =>
        {
            if (r.GetResult(shard) is not null && r.GetResult(pathsRange) is not null) r.AddError("Give either --shard i/n or --paths-range a..b, not both.");
            if (r.GetResult(part) is not null && r.GetResult(shard) is null && r.GetResult(pathsRange) is null) r.AddError("--part names the part file of --shard or --paths-range; give one of them.");
        });
        root.SetAction(parse =>
        {
            var chosenSet = parse.GetValue(set)!;
            var settings = new StudySettings
            {
                Set = chosenSet,
                Studies = parse.GetResult(studies) is { Implicit: false }
                    ? parse.GetValue(studies)!.Distinct().ToArray()
                    : StudySets.Sets[chosenSet].Select(s => s.Key).ToArray(),
                BudgetPaths = parse.GetValue(budgetPaths),
                BudgetSeconds = parse.GetValue(budgetSeconds),
                MeanTolerance = parse.GetValue(meanTolerance),
                BrownianGrid = parse.GetValue(brownianGrid),
                SgdReplicas = parse.GetValue(sgdReplicas),
                Steps = parse.GetValue(ladder) is { Length: > 0 } steps ? steps : null,
                Horizon = parse.GetValue(horizon),
                Paths = parse.GetValue(paths),
                Scheme = parse.GetValue(scheme),
                Substeps = parse.GetValue(substeps),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                Bootstrap = parse.GetValue(bootstrap),
                SolverCheck = !parse.GetValue(noSolverCheck),
                Output = parse.GetValue(output)!,
                NoPlots = parse.GetValue(noPlots),
                Shard = Shard(parse.GetValue(shard), parse.GetValue(pathsRange), parse.GetValue(part)),
            };
            return run(settings, parse.GetValue(quiet));
        });
        return root;
    }

    /// <summary>The shard request of the validated --shard / --paths-range / --part, or null for a whole run.</summary>
    private static ShardRequest? Shard(string? shard, string? range, string? part) =>
        shard is not null && ShardRequest.ParseShard(shard, out _) is { } s ? new ShardRequest(s.Index, s.Count, null, part)
        : range is not null ? new ShardRequest(null, null, PathRange.Parse(range), part)
        : null;
}
