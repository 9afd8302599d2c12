using FlowDsl.Mnist;

namespace FlowDsl.Digits.Tests;

/// <summary>The command line of the demo: every bad option is refused before the app starts (Program turns these into exit code 2).</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public void A_damaged_weights_file_is_refused_with_its_name()
    {
        var folder = Directory.CreateTempSubdirectory("flowdsl-digits-").FullName;
        var path = Path.Combine(folder, "damaged.weights");
        var bytes = File.ReadAllBytes(FlowDsl.Digits.Reading.TrainedNetwork.ShippedWeights);
        bytes[bytes.Length / 3] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ServeCommand.Run(new CommandLine(["--weights", path])));
            Assert.Equal($"Weights file '{path}' refused: damaged or truncated (checksum mismatch).", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--port", "80" }, "Unknown option(s): --port.")]
    [InlineData(new[] { "--weights", "a.weights", "--train" }, "--weights and --train exclude each other.")]
    [InlineData(new[] { "--train", "yes" }, "--train takes no value (got 'yes').")]
    public void Bad_options_are_refused_by_name(string[] args, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ServeCommand.Run(new CommandLine(args)));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("http://192.168.1.20:5180")]
    [InlineData("http://example.org")]
    [InlineData("not a url")]
    public void The_latency_benchmark_refuses_a_target_off_loopback_before_sending_anything(string url)
    {
        var e = Assert.Throws<ArgumentException>(() => FlowDsl.Digits.Evaluation.LatencyBenchmark.Run(new CommandLine(["--url", url])));
        Assert.Equal($"--url {url}: the benchmark only sends requests to a loopback address.", e.Message);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_is_recognised_and_lists_every_command_and_option(string flag)
    {
        Assert.True(DigitsUsage.Requested([flag]));
        foreach (var word in new[] { "serve", "evaluate", "latency", "--weights", "--train", "--urls", "--uci", "--requests" })
            Assert.Contains(word, DigitsUsage.Text);
    }
}
