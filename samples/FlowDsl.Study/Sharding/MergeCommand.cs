using System.CommandLine;

namespace FlowDsl.Study.App;

/// <summary>
/// The <c>merge</c> verb: reads part files, checks that they share every setting that changes a number and hold the same
/// studies, and hands the parts to the ordinary run, which merges each study (checking code, configuration and exact
/// coverage of the paths) and writes the same reports as a single run. A refusal is one line, exit 2, nothing written.
/// </summary>
public static class MergeCommand
{
    /// <summary>The verb; <paramref name="run"/> is the runner of the root command.</summary>
    public static Command Build(Func<StudySettings, bool, int> run)
    {
        var files = new Argument<string[]>("parts") { Description = "The part files written by --shard / --paths-range (e.g. parts/part-*.json).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The folder for the merged reports (as for a single run).", DefaultValueFactory = _ => new StudySettings().Output };
        var threads = new Option<int>("--threads", "-j") { Description = "Worker threads of the merge (1–1,024; results do not depend on it).", DefaultValueFactory = _ => Environment.ProcessorCount };
        OptionBounds.Range(threads, 1, OptionBounds.MaxThreads);
        var noPlots = new Option<bool>("--no-plots") { Description = "Do not draw the PNG/SVG plots." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display." };
        var command = new Command("merge",
            "Merges the parts of a sharded study into the reports of a single run (the same numbers, bit for bit). " +
            "Refused, with exit code 2 and nothing written, when the parts come from other settings or another build, or overlap or leave paths out.")
        {
            files, output, threads, noPlots, quiet,
        };
        command.SetAction(parse => Merge(parse.GetValue(files)!, parse.GetValue(output)!, parse.GetValue(threads), parse.GetValue(noPlots), parse.GetValue(quiet), run));
        return command;
    }

    private static int Merge(string[] files, string output, int threads, bool noPlots, bool quiet, Func<StudySettings, bool, int> run)
    {
        StudySettings settings;
        try { settings = Combine(files.Select(PartFile.Read).ToList()); }
        catch (StudyPartException e) { return StudyRunner.Fail(e.Message); }
        return run(settings with { Output = output, Threads = threads, NoPlots = noPlots }, quiet);
    }

    /// <summary>The settings of the first file with every study's parts, after checking that all files agree.</summary>
    private static StudySettings Combine(IReadOnlyList<PartFile.Contents> files)
    {
        var first = files[0];
        var keys = first.Parts.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var file in files.Skip(1))
        {
            if (PartFile.Difference(first.Settings, file.Settings) is { } difference)
                throw new StudyPartException($"{file.Path} has other settings than {first.Path}: {difference}; nothing merged.");
            if (!file.Parts.Keys.Order(StringComparer.Ordinal).SequenceEqual(keys))
                throw new StudyPartException($"{file.Path} holds studies {string.Join(", ", file.Parts.Keys)}, {first.Path} holds {string.Join(", ", keys)}; nothing merged.");
        }
        var parts = keys.ToDictionary(k => k, k => (IReadOnlyList<StudyPart>)files.Select(f => f.Parts[k]).ToList());
        return first.StudySettings with { Parts = parts };
    }
}
