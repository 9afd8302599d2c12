using System.Security.Cryptography;
using FlowDsl.Models;
using FlowDsl.Schemes;
using FlowDsl.Simulation;
using FlowDsl.Study;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// A fixed set of simulations whose results are hashed bit for bit. The test assembly's entry point runs it as
/// <c>dotnet exec FlowDsl.Tests.dll checksum</c>, so a test can compare the in-process checksum with a child process
/// started under a different environment (e.g. <c>DOTNET_EnableAVX512F=0</c>).
/// </summary>
internal static class ReproducibilityProbe
{
    /// <summary>The entry point of the test assembly (the test SDK's generated one is turned off): "checksum" prints <see cref="Checksum"/>.</summary>
    public static int Main(string[] args)
    {
        if (args is ["checksum", var threads])
        {
            Console.WriteLine(Checksum(int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture)));
            return 0;
        }
        Console.Error.WriteLine("usage: FlowDsl.Tests checksum <threads>");
        return 2;
    }

    /// <summary>SHA-256 over the bits of SGD, SMF-2 (SH2), SME-2 (Platen), SMF-2 with Monte Carlo features, and a small study's errors.</summary>
    public static string Checksum(int threads)
    {
        var options = new SimulationOptions { Alpha = 1.0 / 8, Paths = 64, StartingPoints = [[1.0, -0.5], [0.3, 0.2]], Seed = 11, Threads = threads };
        var values = new List<double>();
        void Add(Ensemble e)
        {
            for (var i = 0; i < e.Dimension; i++) values.AddRange(e.Coordinate(i).ToArray());
        }
        Add(Simulator.Sgd<LinearRegression>(options));
        Add(Simulator.Sgd<LinearRegression>(options with { Batch = 3, Sharing = NoiseSharing.Independent }));
        Add(Simulator.Continuous<LinearRegression>(ContinuousModel.Smf2, options));
        Add(Simulator.Continuous<LinearRegression>(ContinuousModel.Sme2, options with { Scheme = SchemeKind.Platen }));
        Add(Simulator.Continuous<Quadratic>(ContinuousModel.Smf2, options with { StartingPoints = [[1.0, 0.0, -1.0]] }));
        Add(Simulator.Continuous<Multiplicative>(ContinuousModel.Smf2, options with { StartingPoints = [[1.0], [-1.0]], Law = Law.Uniform(-1, 1) }));
        var study = WeakErrorStudy.For<MultiplicativeGaussian>().StartingPoints([1.0]).Observable("x²", x => x[0] * x[0])
            .Ladder(1, 4, 8).Paths(64).Bootstrap(20).Threads(threads).Seed(3).Run();
        foreach (var o in study.Orders)
        {
            values.Add(o.Order);
            values.Add(o.StandardError);
            values.AddRange(o.Levels.Select(l => l.Error));
        }
        var bytes = new byte[values.Count * sizeof(double)];
        Buffer.BlockCopy(values.Select(BitConverter.DoubleToInt64Bits).ToArray(), 0, bytes, 0, bytes.Length);
        return Convert.ToHexString(SHA256.HashData(bytes));
    }
}
