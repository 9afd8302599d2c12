using System.Diagnostics;
using System.Globalization;
using FlowDsl.Schemes;
using FlowDsl.Study;

namespace FlowDsl.MeanField;

/// <summary>
/// The settings of the coupled Monte Carlo mean-field study (see <see cref="MeanFieldOrderStudy{TModel}"/>).
/// </summary>
internal sealed record CoupledStudySettings(
    MeanFieldData Data, double[] Particles, IReadOnlyList<MeasureObservable> Observables, MeanFieldFlowKind[] Models,
    double Horizon, int[] Steps, int PilotFlowPaths, int SgdPilotFactor, int FlowPathBudget, int SgdPathBudget, TimeSpan? TimeBudget,
    int Substeps, bool Antithetic, bool SolverCheck, ulong Seed, int Threads, double Tolerance, Action<StudyProgress>? Progress)
{
    /// <summary>The pilot batch of model paths in units (antithetic pairs or paths).</summary>
    public int PilotUnits => Math.Max(1, PilotFlowPaths / (Antithetic ? 2 : 1));
}

/// <summary>
/// Particle SGD beyond exact enumeration (issue: finer ladders for many atoms): the weak error of every level is
/// estimated by the coupled estimator of <see cref="CoupledLevelSampler{TModel}"/>, with an adaptive path budget:
/// after a pilot, deterministic batches are added where a level has |ê|/SE &lt; 5, split between the SGD side and the
/// model side at the least cost (<see cref="AdaptiveAllocation"/>), until every level is resolved or the budget is spent.
/// Levels use independent keys, so the order's SE is the weighted least-squares SE (math.md §7.4).
/// </summary>
internal static class CoupledMeanFieldStudy
{
    /// <summary>The |ê|/SE the allocation aims at (above the 5 a level needs, so that a noisy pilot still lands above 5).</summary>
    private const double PlanningSignalToNoise = 5.5;

    /// <summary>The largest factor by which one round may grow a side (a pilot's variance is not trusted further).</summary>
    private const int Growth = 8;

    /// <summary>The share of the time budget a prediction may fill (the prediction is a measurement on a shared machine).</summary>
    private const double Safety = 0.9;

    /// <summary>Units of the pilot's second piece, which measures the cost per unit (the first, one unit, pays the one-off setup).</summary>
    private const int ProbeUnits = 8;

    public static WeakErrorResult Run<TModel>(CoupledStudySettings s, Func<double[], int, StudyConfiguration> configuration) where TModel : IMeanFieldModel
    {
        var clock = Stopwatch.StartNew();
        var alphas = s.Steps.Select(n => s.Horizon / n).ToArray();
        var samplers = alphas.Select((a, j) => new CoupledLevelSampler<TModel>(s.Data, s.Particles, s.Observables, s.Models, a, s.Steps[j],
            s.Substeps, s.SolverCheck, s.Antithetic, s.Seed, j, s.Threads)).ToArray();
        var perUnit = samplers[0].PathsPerUnit;
        var notes = new List<string>();
        var pilot = s.TimeBudget is { } budget ? FittedPilot(s, samplers, clock, budget, notes) : s.PilotUnits;
        var sgdTarget = Enumerable.Repeat(pilot * s.SgdPilotFactor, alphas.Length).ToArray();
        var flowTarget = new int[alphas.Length, s.Models.Length];
        for (var j = 0; j < alphas.Length; j++) for (var m = 0; m < s.Models.Length; m++) flowTarget[j, m] = pilot;
        var sgdBudget = Math.Max(1, s.SgdPathBudget / perUnit);
        var flowBudget = Math.Max(1, s.FlowPathBudget / perUnit);
        var timeUp = false;
        while (true)
        {
            var done = 0;
            for (var j = 0; j < alphas.Length; j++)
            {
                samplers[j].ExtendSgd(Math.Min(sgdTarget[j], sgdBudget));
                for (var m = 0; m < s.Models.Length; m++)
                {
                    samplers[j].ExtendFlow(m, Math.Min(flowTarget[j, m], flowBudget), pilot);
                    s.Progress?.Invoke(new StudyProgress(TModel.Name, MeanFieldOrderStudy<TModel>.ModelName(s.Models[m]), alphas[j], ++done, alphas.Length * s.Models.Length));
                }
            }
            if (s.TimeBudget is { } limit && clock.Elapsed >= limit)
            {
                timeUp = true;
                break;
            }
            if (!Plan(s, samplers, alphas, sgdTarget, flowTarget, sgdBudget, flowBudget, pilot)) break;
            if (s.TimeBudget is { } time && !FitToTime(samplers, sgdTarget, flowTarget, sgdBudget, flowBudget, time.TotalSeconds - clock.Elapsed.TotalSeconds))
            {
                timeUp = true;
                break;
            }
        }
        if (timeUp) notes.Add($"stopped: the time budget of {Seconds(s.TimeBudget!.Value)} s is spent");
        var orders = new List<OrderEstimate>();
        for (var m = 0; m < s.Models.Length; m++)
            for (var o = 0; o < s.Observables.Count; o++)
                orders.Add(Estimate(s, samplers, alphas, m, o, sgdBudget, flowBudget, timeUp));
        var settings = configuration(alphas, pilot * perUnit) with
        {
            TimeBudgetSeconds = s.TimeBudget?.TotalSeconds, BudgetOutcome = string.Join("; ", notes),
        };
        return new WeakErrorResult(settings, orders, clock.Elapsed);
    }

    /// <summary>
    /// The pilot under a time budget, run in pieces: one unit per level and model (it pays the one-off setup), then
    /// <see cref="ProbeUnits"/> more, then pieces that at most double the units so far, each as large as fits in the time
    /// left at the cost per unit of the piece before (every level and model, the SGD side's
    /// ×<see cref="CoupledStudySettings.SgdPilotFactor"/> units and the h/2 check), so a machine that slows down is noticed;
    /// a pilot cut short is noted. Unit u is a pure function of (seed, level, u), and every unit of a piece is below the
    /// pilot and so checked, so the pieces give the numbers of one pilot.
    /// </summary>
    private static int FittedPilot<TModel>(CoupledStudySettings s, CoupledLevelSampler<TModel>[] samplers, Stopwatch clock, TimeSpan budget,
        List<string> notes) where TModel : IMeanFieldModel
    {
        void Extend(int units)
        {
            var reported = 0;
            foreach (var level in samplers)
            {
                level.ExtendSgd(units * s.SgdPilotFactor);
                for (var m = 0; m < s.Models.Length; m++)
                {
                    level.ExtendFlow(m, units, units);
                    s.Progress?.Invoke(new StudyProgress(TModel.Name, MeanFieldOrderStudy<TModel>.ModelName(s.Models[m]), level.Alpha, ++reported, samplers.Length * s.Models.Length));
                }
            }
        }
        var done = Math.Min(1, s.PilotUnits);
        Extend(done);
        var next = Math.Min(done + ProbeUnits, s.PilotUnits);
        while (next > done)
        {
            var start = clock.Elapsed.TotalSeconds;
            Extend(next);
            var secondsPerUnit = (clock.Elapsed.TotalSeconds - start) / (next - done);
            done = next;
            var fits = secondsPerUnit > 0 ? Math.Floor((Safety * budget.TotalSeconds - clock.Elapsed.TotalSeconds) / secondsPerUnit) : double.PositiveInfinity;
            next = (int)Math.Min(Math.Min(s.PilotUnits, 2.0 * done), done + Math.Max(0, fits));
        }
        if (done < s.PilotUnits)
        {
            var perUnit = samplers[0].PathsPerUnit;
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"first batch cut from {s.PilotUnits * perUnit:N0} to {done * perUnit:N0} paths to fit the time budget of {Seconds(budget)} s (model paths per level and model, SGD paths ×{s.SgdPilotFactor})"));
        }
        return done;
    }

    /// <summary>
    /// Shrinks the next round to the <paramref name="seconds"/> left (times <see cref="Safety"/>), predicted from each side's
    /// seconds per unit so far (the pilot's h/2 check makes this an overestimate); false when nothing fits.
    /// </summary>
    private static bool FitToTime<TModel>(CoupledLevelSampler<TModel>[] samplers, int[] sgdTarget, int[,] flowTarget, int sgdBudget, int flowBudget,
        double seconds) where TModel : IMeanFieldModel
    {
        double predicted = 0;
        foreach (var (level, j) in samplers.Select((l, j) => (l, j)))
        {
            predicted += Left(sgdTarget[j], sgdBudget, level.SgdUnits) * level.SgdSeconds / level.SgdUnits;
            for (var m = 0; m < flowTarget.GetLength(1); m++)
                predicted += Left(flowTarget[j, m], flowBudget, level.FlowUnits(m)) * level.FlowSeconds[m] / level.FlowUnits(m);
        }
        var room = Safety * seconds;
        if (predicted <= room) return true;
        var share = Math.Max(0, room / predicted);
        var grows = false;
        for (var j = 0; j < samplers.Length; j++)
        {
            var level = samplers[j];
            sgdTarget[j] = level.SgdUnits + (int)Math.Floor(share * Left(sgdTarget[j], sgdBudget, level.SgdUnits));
            grows |= sgdTarget[j] > level.SgdUnits;
            for (var m = 0; m < flowTarget.GetLength(1); m++)
            {
                flowTarget[j, m] = level.FlowUnits(m) + (int)Math.Floor(share * Left(flowTarget[j, m], flowBudget, level.FlowUnits(m)));
                grows |= flowTarget[j, m] > level.FlowUnits(m);
            }
        }
        return grows;

        // The units a side still has to run: its target, capped by its budget, less what it has done.
        static int Left(int target, int budget, int done) => Math.Max(0, Math.Min(target, budget) - done);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// Sets the next targets from the current estimates; false when every level of every model and observable has
    /// |ê|/SE ≥ 5, or when no unresolved level may grow any more (budget spent).
    /// </summary>
    private static bool Plan<TModel>(CoupledStudySettings s, CoupledLevelSampler<TModel>[] samplers, double[] alphas,
        int[] sgdTarget, int[,] flowTarget, int sgdBudget, int flowBudget, int pilot) where TModel : IMeanFieldModel
    {
        var grows = false;
        for (var j = 0; j < alphas.Length; j++)
        {
            var level = samplers[j];
            // The target SE of every unresolved (model, observable), and the cost-optimal SGD side for the neediest.
            var targets = new double[s.Models.Length, s.Observables.Count];
            var optimalFlow = new double[s.Models.Length, s.Observables.Count];
            double needA = 0;
            for (var m = 0; m < s.Models.Length; m++)
                for (var o = 0; o < s.Observables.Count; o++)
                {
                    var e = Level(level, m, o);
                    targets[m, o] = double.NaN;
                    if (Math.Abs(e.Error) >= OrderFit.MinimumSignalToNoise * e.StandardError) continue;
                    // At least a 2× smaller SE than now, so an unresolved level always asks for more paths.
                    targets[m, o] = Math.Min(PlanningSize(s, samplers, alphas, j, m, o) / PlanningSignalToNoise, e.StandardError / Math.Sqrt(2));
                    (var a, optimalFlow[m, o]) = AdaptiveAllocation.Optimal(e.SgdVariance, level.SgdCost, e.FlowVariance, level.FlowCost(m), targets[m, o]);
                    needA = Math.Max(needA, a);
                }
            var nextA = AdaptiveAllocation.Next(level.SgdUnits, needA, Growth, sgdBudget, pilot * s.SgdPilotFactor);
            grows |= nextA > level.SgdUnits;
            sgdTarget[j] = nextA;
            // With n_A fixed by the neediest pair, each model's flows need only what is left of its SE².
            for (var m = 0; m < s.Models.Length; m++)
            {
                double needB = 0;
                for (var o = 0; o < s.Observables.Count; o++)
                {
                    if (double.IsNaN(targets[m, o])) continue;
                    var e = Level(level, m, o);
                    var given = AdaptiveAllocation.FlowUnitsGiven(e.SgdVariance, nextA, e.FlowVariance, targets[m, o]);
                    needB = Math.Max(needB, double.IsFinite(given) ? given : optimalFlow[m, o]);
                }
                var nextB = AdaptiveAllocation.Next(level.FlowUnits(m), needB, Growth, flowBudget, pilot);
                grows |= nextB > level.FlowUnits(m);
                flowTarget[j, m] = nextB;
            }
        }
        return grows;
    }

    /// <summary>
    /// The error size to plan for at an unresolved level: |ê| when it is at least 2 SE; otherwise the theory's
    /// extrapolation |ê(αⱼ₋₁)|·(αⱼ/αⱼ₋₁)^p from the previous, resolved level; otherwise 2 SE (the error is below it).
    /// </summary>
    private static double PlanningSize<TModel>(CoupledStudySettings s, CoupledLevelSampler<TModel>[] samplers, double[] alphas, int j, int m, int o)
        where TModel : IMeanFieldModel
    {
        var e = Level(samplers[j], m, o);
        if (Math.Abs(e.Error) >= 2 * e.StandardError) return Math.Abs(e.Error);
        if (j > 0)
        {
            var previous = Level(samplers[j - 1], m, o);
            if (Math.Abs(previous.Error) >= OrderFit.MinimumSignalToNoise * previous.StandardError)
                return Math.Abs(previous.Error) * Math.Pow(alphas[j] / alphas[j - 1], MeanFieldOrderStudy<TModel>.ExpectedOrder(s.Models[m]));
        }
        return 2 * e.StandardError;
    }

    /// <summary>ê, its SE and the unit variances of both sides at one level.</summary>
    private readonly record struct LevelValues(double Error, double StandardError, double SgdVariance, double FlowVariance, double SgdMean);

    private static LevelValues Level<TModel>(CoupledLevelSampler<TModel> level, int m, int o) where TModel : IMeanFieldModel
    {
        var (a, varA) = MeanAndVariance(level.SgdDifference(o));
        var (b, varB) = MeanAndVariance(level.FlowDifference(m, o));
        var (sgd, _) = MeanAndVariance(level.SgdValue(o));
        return new LevelValues(a - b, Math.Sqrt(varA / level.SgdUnits + varB / level.FlowUnits(m)), varA, varB, sgd);
    }

    private static (double Mean, double Variance) MeanAndVariance(IReadOnlyList<double> values)
    {
        var mean = 0.0;
        for (var i = 0; i < values.Count; i++) mean += values[i];
        mean /= values.Count;
        var ss = 0.0;
        for (var i = 0; i < values.Count; i++) ss += (values[i] - mean) * (values[i] - mean);
        return (mean, values.Count > 1 ? ss / (values.Count - 1) : double.NaN);
    }

    private static OrderEstimate Estimate<TModel>(CoupledStudySettings s, CoupledLevelSampler<TModel>[] samplers, double[] alphas, int m, int o,
        int sgdBudget, int flowBudget, bool timeUp) where TModel : IMeanFieldModel
    {
        var n = alphas.Length;
        var values = samplers.Select(l => Level(l, m, o)).ToArray();
        var errors = values.Select(v => v.Error).ToArray();
        var ses = values.Select(v => v.StandardError).ToArray();
        var window = AsymptoticWindow.Select(alphas, errors, ses, s.Tolerance);
        var use = window.Use;
        var (order, wlsSe) = OrderFit.Fit(alphas, errors, ses, use);
        var factor = Math.Pow(2, SchemeKind.StochasticHeun.WeakOrder()) / (Math.Pow(2, SchemeKind.StochasticHeun.WeakOrder()) - 1);
        var levels = new List<LevelEstimate>();
        var solverOk = true;
        var unresolved = new List<string>();
        for (var j = 0; j < n; j++)
        {
            var level = samplers[j];
            double? bias = null, biasSe = null;
            bool? ok = null;
            if (s.SolverCheck)
            {
                var (mean, variance) = MeanAndVariance(level.SolverDifference(m, o));
                bias = Math.Abs(mean) * factor;
                biasSe = Math.Sqrt(variance / level.SolverDifference(m, o).Count) * factor;
                ok = OrderVerdict.SolverBiasOk(bias.Value, biasSe.Value, errors[j]);
                if (use[j] && ok == false) solverOk = false;
            }
            var rate = j + 1 < n ? OrderFit.LocalRate(alphas[j], errors[j], alphas[j + 1], errors[j + 1]) : null;
            var resolved = AsymptoticWindow.Resolved(errors[j], ses[j]);
            var effort = Effort(s, samplers, alphas, j, m, o, resolved);
            if (!resolved) unresolved.Add(Advice(level, m, effort, sgdBudget, flowBudget, timeUp));
            levels.Add(new LevelEstimate(alphas[j], s.Steps[j], errors[j], ses[j], rate, values[j].SgdMean, false, values[j].SgdMean - errors[j], ses[j],
                bias, biasSe, ok, use[j]) { Effort = effort });
        }
        var expected = MeanFieldOrderStudy<TModel>.ExpectedOrder(s.Models[m]);
        var (pass, conclusive, verdict) = OrderVerdict.Decide(expected, order, wlsSe, s.Tolerance, solverOk, window, OrderFit.FitWithNextOrder(alphas, errors, ses, use));
        if (unresolved.Count > 0) verdict += "; unresolved: " + string.Join("; ", unresolved);
        return new OrderEstimate(MeanFieldOrderStudy<TModel>.ModelName(s.Models[m]), s.Observables[o].Name, expected, order, wlsSe, wlsSe, double.NaN,
            s.Tolerance, pass, verdict, levels) { Conclusive = conclusive };
    }

    /// <summary>The effort of one level, with the paths and time that would resolve it when it is not resolved.</summary>
    private static MonteCarloEffort Effort<TModel>(CoupledStudySettings s, CoupledLevelSampler<TModel>[] samplers, double[] alphas, int j, int m, int o, bool resolved)
        where TModel : IMeanFieldModel
    {
        var level = samplers[j];
        var e = Level(level, m, o);
        var (_, sgdVariance) = MeanAndVariance(level.SgdValue(o));
        var (_, flowVariance) = MeanAndVariance(level.FlowValue(m, o));
        var perUnit = level.PathsPerUnit;
        long? sgdNeed = null, flowNeed = null;
        double? seconds = null;
        if (!resolved)
        {
            var target = PlanningSize(s, samplers, alphas, j, m, o) / PlanningSignalToNoise;
            var (a, b) = AdaptiveAllocation.Optimal(e.SgdVariance, level.SgdCost, e.FlowVariance, level.FlowCost(m), target);
            var units = (A: Math.Max(a, level.SgdUnits), B: Math.Max(b, level.FlowUnits(m)));
            sgdNeed = (long)Math.Ceiling(units.A) * perUnit;
            flowNeed = (long)Math.Ceiling(units.B) * perUnit;
            seconds = units.A * level.SgdSeconds / level.SgdUnits + units.B * level.FlowSeconds[m] / level.FlowUnits(m);
        }
        return new MonteCarloEffort(level.SgdUnits * perUnit, level.FlowUnits(m) * perUnit, level.SgdSeconds, level.FlowSeconds[m],
            sgdVariance / e.SgdVariance, flowVariance / e.FlowVariance, Math.Abs(e.Error) / e.StandardError, sgdNeed, flowNeed, seconds);
    }

    private static string Advice<TModel>(CoupledLevelSampler<TModel> level, int m, MonteCarloEffort effort, int sgdBudget, int flowBudget, bool timeUp)
        where TModel : IMeanFieldModel
    {
        var atBudget = level.SgdUnits >= sgdBudget || level.FlowUnits(m) >= flowBudget;
        var stopped = timeUp ? " (time budget spent)" : atBudget ? " (path budget spent)" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"α = 1/{Math.Round(1 / level.Alpha)} has |ê|/SE = {effort.SignalToNoise:0.0} with {effort.SgdPaths:N0} SGD + {effort.ModelPaths:N0} model paths{stopped}; ≈ {effort.SgdPathsToResolve:N0} SGD + {effort.ModelPathsToResolve:N0} model paths (≈ {effort.SecondsToResolve:0} s here) would resolve it: raise .PathBudget(…)/.TimeBudget(…) or use a larger α");
    }
}
