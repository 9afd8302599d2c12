using System.Diagnostics;
using FlowDsl.Study.App;
using Spectre.Console;

// The main job of FlowDsl: `dotnet run -c Release --project samples/FlowDsl.Study` runs every built-in study.
return CommandLine.Build(StudyRunner.Run).Parse(args).Invoke();

namespace FlowDsl.Study.App
{
    /// <summary>Runs the chosen studies with a progress display, prints the tables and writes the reports.</summary>
    public static class StudyRunner
    {
        /// <summary>Returns 0 when every verdict passes, 3 when a verdict fails, 2 on invalid input or a numerical failure.</summary>
        public static int Run(StudySettings settings, bool quiet)
        {
            var console = AnsiConsole.Console;
            // Redirected output (a file, CI) gets a wide table instead of Spectre's 80-column default.
            if (Console.IsOutputRedirected) console.Profile.Width = 132;
            var clock = Stopwatch.StartNew();
            var writer = new ReportWriter(settings.Output, !settings.NoPlots);
            var chosen = BuiltInStudies.Everything.Where(s => settings.Studies.Contains(s.Key)).ToArray();
            var results = new List<(BuiltInStudy Study, WeakErrorResult Result)>();
            try
            {
                if (quiet || Console.IsOutputRedirected)
                    foreach (var study in chosen) results.Add((study, study.Run(settings, null)));
                else
                    console.Progress()
                        .AutoClear(true)
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                        .Start(context =>
                        {
                            foreach (var study in chosen)
                            {
                                var task = context.AddTask(Markup.Escape(study.Key));
                                results.Add((study, study.Run(settings, p =>
                                {
                                    task.Description = Markup.Escape($"{study.Key}: {p.Model} at α = 1/{Math.Round(1 / p.Alpha)}");
                                    task.Value = 100.0 * p.Done / p.Total;
                                })));
                                task.Value = 100;
                                task.Description = Markup.Escape(study.Key);
                            }
                        });
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or Simulation.DivergenceException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            foreach (var (study, result) in results)
            {
                ConsoleReport.Print(console, study, result);
                writer.Write(study, result);
            }
            var summary = writer.WriteSummary(settings, clock.Elapsed);
            var pass = results.All(r => r.Result.AllPass);
            console.MarkupLine(pass
                ? "[green]Every measured order agrees with the theory.[/]"
                : "[red]Some measured orders disagree with the theory: see the verdicts above.[/]");
            console.MarkupLine($"Reports (tables, CSV, JSON, PNG/SVG plots) in [bold]{Markup.Escape(writer.Folder)}[/]; summary: {Markup.Escape(Path.GetFileName(summary))}. Total {clock.Elapsed.TotalSeconds:0.0} s.");
            return pass ? 0 : 3;
        }
    }
}
