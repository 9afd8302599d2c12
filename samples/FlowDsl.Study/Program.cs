using System.Diagnostics;
using FlowDsl.Study.App;
using Spectre.Console;

// The main job of FlowDsl: `dotnet run -c Release --project samples/FlowDsl.Study` runs every built-in study.
return CommandLineErrors.Invoke(CommandLine.Build(StudyRunner.Run), args);

namespace FlowDsl.Study.App
{
    /// <summary>Runs the chosen studies with a progress display, prints the tables and writes the reports.</summary>
    public static class StudyRunner
    {
        /// <summary>
        /// Returns 0 when every verdict passes, 3 when a verdict fails, 2 on invalid input, a configuration that does not
        /// fit in memory or a numerical failure (then nothing is written and a folder this run created is removed).
        /// </summary>
        public static int Run(StudySettings settings, bool quiet)
        {
            if (settings.Shard is { } shard) return ShardRunner.Run(settings, shard);
            var console = AnsiConsole.Console;
            // Redirected output (a file, CI) gets a wide table instead of Spectre's 80-column default.
            if (Console.IsOutputRedirected) console.Profile.Width = 132;
            var clock = Stopwatch.StartNew();
            OutputFolder folder;
            try { folder = OutputFolder.Open(settings.Output); }
            catch (ArgumentException e) { return Fail(e.Message); }
            var writer = new ReportWriter(folder.Path, !settings.NoPlots);
            var chosen = StudySets.All.Where(s => settings.Studies.Contains(s.Key)).ToArray();
            var results = new List<(BuiltInStudy Study, WeakErrorResult Result)>();
            // Each study's table and files are rendered while the next study runs (its serial phases leave a core idle);
            // they are printed and written only when every study has succeeded.
            var rendered = new List<Task<(Table Table, StudyReport Files)>>();
            void Completed(BuiltInStudy study, WeakErrorResult result)
            {
                results.Add((study, result));
                rendered.Add(Task.Run(() => Render(writer, study, result, console.Profile.Width)));
            }
            try
            {
                if (quiet || Console.IsOutputRedirected)
                    foreach (var study in chosen) Completed(study, study.Run(settings, null));
                else
                    console.Progress()
                        .AutoClear(true)
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                        .Start(context =>
                        {
                            foreach (var study in chosen)
                            {
                                var task = context.AddTask(Markup.Escape(study.Key));
                                Completed(study, study.Run(settings, p =>
                                {
                                    task.Description = Markup.Escape($"{study.Key}: {p.Model} at α = {Reports.AlphaLabel.Format(p.Alpha)}");
                                    task.Value = 100.0 * p.Done / p.Total;
                                }));
                                task.Value = 100;
                                task.Description = Markup.Escape(study.Key);
                            }
                        });
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException or InsufficientMemoryException)
            {
                folder.DiscardIfEmpty();
                return Fail(e.Message);
            }

            var reports = rendered.Select(t => t.GetAwaiter().GetResult()).ToArray();
            foreach (var report in reports) ConsoleReport.Print(console, report.Table);
            string summary;
            try
            {
                folder.RemoveStaleReports();
                foreach (var report in reports) writer.Write(report.Files);
                summary = writer.WriteSummary(settings, clock.Elapsed);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail($"writing the reports to '{folder.Path}' failed: {e.Message}");
            }
            var orders = results.SelectMany(r => r.Result.Orders).ToList();
            var pass = orders.All(o => o.Pass);
            var colour = pass ? "green" : orders.Any(o => !o.Pass && o.Conclusive) ? "red" : "yellow";
            console.MarkupLine($"[{colour}]{Markup.Escape(WeakErrorResult.Summarize(orders))}[/]");
            console.MarkupLine($"Reports (tables, CSV, JSON, PNG/SVG plots) in [bold]{Markup.Escape(writer.Folder)}[/]; summary: {Markup.Escape(Path.GetFileName(summary))}. Total {clock.Elapsed.TotalSeconds:0.0} s.");
            return pass ? 0 : 3;
        }

        /// <summary>
        /// A study's console table and files, rendered in memory. The table is also drawn once to a discarded console of the
        /// same width, so that the drawing code is compiled here, off the main thread, rather than when the tables are printed.
        /// </summary>
        private static (Table Table, StudyReport Files) Render(ReportWriter writer, BuiltInStudy study, WeakErrorResult result, int width)
        {
            var table = ConsoleReport.Build(study, result);
            var discard = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
            discard.Profile.Width = width;
            ConsoleReport.Print(discard, table);
            return (table, writer.Render(study, result));
        }

        /// <summary>Writes the one-line error and returns the invalid-input exit code.</summary>
        internal static int Fail(string message)
        {
            // One line: ArgumentOutOfRangeException puts "Actual value was …" on a second line.
            Console.Error.WriteLine($"error: {string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
            return CommandLineErrors.InvalidInput;
        }
    }
}
