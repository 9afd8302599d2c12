using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FlowDsl.Digits.Hosting;
using FlowDsl.Digits.Reading;
using FlowDsl.Mnist;

namespace FlowDsl.Digits.Evaluation;

/// <summary>
/// `latency`: the time of one prediction request as the page makes it (a 140×140 ink grid, JSON, to /api/predict),
/// over 1,000 sequential requests on loopback after a warm-up, with two baselines measured in the same run: the same
/// work in process without HTTP (parse the JSON, preprocess, read) and a request with an MNIST-ready 28×28 image.
/// </summary>
public static class LatencyBenchmark
{
    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static int Run(CommandLine args)
    {
        var requests = args.Get("requests", 1000);
        var warmup = args.Get("warmup", 200);
        var target = args.Get("url", "");
        args.ThrowOnUnknown();
        if (requests < 1 || warmup < 0) throw new ArgumentException("--requests must be ≥ 1 and --warmup ≥ 0.");
        if (target.Length > 0 && !IsLoopback(target))
            throw new ArgumentException($"--url {target}: the benchmark only sends requests to a loopback address.");

        var network = TrainedNetwork.LoadOrTrain(weights: null, train: null, Console.Out);
        var (drawing, image) = Bodies();
        WebApplication? app = null;
        if (target.Length == 0)
        {
            app = DigitsApp.Build(network, "http://127.0.0.1:0");
            app.Start();
            target = app.Urls.Single();
        }
        var address = new Uri(target);

        try
        {
            using var http = new HttpClient { BaseAddress = address };
            Console.WriteLine($"{requests} sequential requests to {address} after {warmup} warm-up requests; load average {LoadAverage()}");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var draw = Measure(() => Post(http, "/api/predict", drawing), requests, warmup);
            var mnist = Measure(() => Post(http, "/api/predict/mnist", image), requests, warmup);
            var inProcess = Measure(() =>
            {
                var request = JsonSerializer.Deserialize<DrawingRequest>(drawing, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
                network.Reader.Read(MnistPreprocessing.Normalize(request.Ink!, request.Width, request.Height)!);
                return Task.CompletedTask;
            }, requests, warmup);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

            Console.WriteLine($"{"",-44} {"p50",9} {"p90",9} {"p99",9} {"max",9} {"mean",9}");
            Print($"POST /api/predict, 140×140 drawing ({drawing.Length / 1024} KiB)", draw);
            Print("POST /api/predict/mnist, 28×28 image", mnist);
            Print("in process: parse + preprocess + read", inProcess);
            Console.WriteLine($"p50 ratio, HTTP drawing request / in-process work: {draw[draw.Length / 2] / inProcess[inProcess.Length / 2]:F2}");
            Console.WriteLine($"process CPU time {cpu.TotalSeconds:F1} s for {3 * (requests + warmup)} calls (client and server share the process); load average {LoadAverage()}");
        }
        finally
        {
            app?.StopAsync().GetAwaiter().GetResult();
            (app as IDisposable)?.Dispose();
        }
        return 0;
    }

    /// <summary>The page's request for a shipped test digit drawn 5× larger, and the 28×28 request for the same digit.</summary>
    private static (string Drawing, string Image) Bodies()
    {
        var data = MnistData.Load(MnistData.DefaultFolder);
        var digit = data.Test.AsSpan(0, 784).ToArray();
        var ink = new double[140 * 140];
        for (var y = 0; y < 140; y++)
            for (var x = 0; x < 140; x++) ink[y * 140 + x] = Math.Round(digit[y / 5 * 28 + x / 5], 3);
        var drawing = JsonSerializer.Serialize(new { width = 140, height = 140, ink });
        var image = JsonSerializer.Serialize(new { pixels = digit.Select(v => Math.Round(v, 3)) });
        return (drawing, image);
    }

    private static async Task Post(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Sorted wall times in milliseconds of <paramref name="count"/> calls after <paramref name="warmup"/> untimed ones.</summary>
    private static double[] Measure(Func<Task> call, int count, int warmup)
    {
        for (var i = 0; i < warmup; i++) call().GetAwaiter().GetResult();
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            call().GetAwaiter().GetResult();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times;
    }

    private static void Print(string name, double[] sorted)
    {
        double Quantile(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-44} {Quantile(0.5),6:F2} ms {Quantile(0.9),6:F2} ms {Quantile(0.99),6:F2} ms {sorted[^1],6:F2} ms {sorted.Average(),6:F2} ms"));
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? IPAddress.IsLoopback(ip) : uri.Host == "localhost");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
