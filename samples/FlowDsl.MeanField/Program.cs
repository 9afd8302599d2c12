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
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

try { Directory.CreateDirectory(options.Output); }
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: --out '{options.Output}' cannot be created: {e.Message}");
    return 2;
}
var clock = System.Diagnostics.Stopwatch.StartNew();
if (!options.OrdersOnly) TeacherStudentComparison.Run(options);
if (options.Orders) WeakOrderStudy.Run(options);
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s. Output folder: {Path.GetFullPath(options.Output)}");
return 0;
