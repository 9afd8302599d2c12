using FlowDsl.Samples.MeanField;

SampleOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(SampleOptions.Usage);
        return 0;
    }
    options = SampleOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

Directory.CreateDirectory(options.Output);
var clock = System.Diagnostics.Stopwatch.StartNew();
TeacherStudentComparison.Run(options);
if (options.Orders) WeakOrderStudy.Run(options);
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s. Output folder: {Path.GetFullPath(options.Output)}");
return 0;
