using System.Security.Cryptography;
using FlowDsl.MeanField;
using FlowDsl.Models;
using FlowDsl.Models.ByHand;
using FlowDsl.Schemes;
using FlowDsl.Simulation;
using FlowDsl.Study;

namespace FlowDsl.Tests.Simulation;

/// <summary>
/// A fixed set of simulations whose results are hashed bit for bit. The test assembly's entry point runs it as
/// <c>dotnet exec FlowDsl.Tests.dll checksum</c>, so a test can compare the in-process checksum with a child process
/// started under a different environment (e.g. <c>DOTNET_EnableAVX512=0</c>).
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
        if (args is ["width"])
        {
            Console.WriteLine(FlowDsl.Simd.SimdWidths.Best);
            return 0;
        }
        Console.Error.WriteLine("usage: FlowDsl.Tests checksum <threads> | width");
        return 2;
    }

    /// <summary>SHA-256 over the bits of SGD, SMF-2 (SH2), SME-2 (Platen), SMF-2 with Monte Carlo features, a small study's errors, DD-SMF and particle-SGD paths (span kernels and feature lanes), a coupled Monte Carlo and an enumerated mean-field study (flows in lane groups of paths), SGD steps of the generated MnistMlp (784-term dot products), and the fused SME-2 / independent-noise SGD steppers with their lane normals.</summary>
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
        // Mean field: the block reductions (LaneSums) and axpys of the §4.5 kernels, n = 37 particles over two blocks, N = 13 atoms.
        var atoms = Enumerable.Range(0, 13).SelectMany(j => new[] { Math.Sin(1.3 * j), Math.Cos(0.7 * j) }).ToArray();
        var data = MeanFieldData.FromAtoms<TanhUnitByHand>(atoms, [.. Enumerable.Range(1, 13).Select(j => j / 91.0)]);
        var particles = Enumerable.Range(0, 74).Select(i => 0.5 * Math.Sin(0.37 * i)).ToArray();
        var flow = (double[])particles.Clone();
        MeanFieldSimulation.Run(new MeanFieldFlow<TanhUnitByHand>(data, 37, MeanFieldFlowKind.DistributionDependentModifiedFlow, 0.1, 2, threads), flow, 0.5, 5, 1);
        values.AddRange(flow);
        var sgd = (double[])particles.Clone();
        MeanFieldSimulation.Run(new ParticleSgd<TanhUnitByHand>(data, 37, 0.1, threads), sgd, 1.0, 5, 1);
        values.AddRange(sgd);
        // The same through the generated unit's feature lanes at the widest width (Vector512 here, Vector256 in a child
        // started without AVX-512; tiles of 8 or 4 particles and a scalar tail).
        var lanes = (double[])particles.Clone();
        MeanFieldSimulation.Run(new MeanFieldFlow<TanhUnit>(data, 37, MeanFieldFlowKind.DistributionDependentModifiedFlow, 0.1, 2, threads), lanes, 0.5, 5, 1);
        MeanFieldSimulation.Run(new ParticleSgd<TanhUnit>(data, 37, 0.1, threads), lanes, 1.0, 5, 1);
        values.AddRange(lanes);
        // Coupled Monte Carlo SGD (atom coupling, Gaussian partners, mean-path control variate, adaptive batches) on the
        // generated Softplus unit, 9 particles (a tile and a tail).
        var coupled = new MeanFieldOrderStudy<SoftplusUnit>(MeanFieldData.For<SoftplusUnit>(), [.. Enumerable.Range(0, 18).Select(i => 0.6 * Math.Cos(0.9 * i))])
            .Observable(MeasureObservable.Mean(2, 0)).Ladder(1, 2, 4).Paths(16).PathBudget(32, 256).EnumerationLimit(1).Bootstrap(0).Seed(9).Threads(threads).Run();
        foreach (var o in coupled.Orders) values.AddRange(o.Levels.SelectMany(l => new[] { l.Error, l.StandardError, l.SolverBias ?? 0 }));
        // The enumerated mean-field study, its flows in SIMD lane groups of paths (8 or 4 per group, 18 paths: a tail of 2).
        var enumerated = new MeanFieldOrderStudy<TanhUnit>(MeanFieldData.FromAtoms<TanhUnit>([0.9, -0.4, -0.7, 1.1], [0.5, 0.5]), [0.3, -0.2, -0.5, 0.4, 0.8, 0.1])
            .Observable(MeasureObservable.Mean(2, 0)).Ladder(1, 2, 4).Paths(18).Bootstrap(0).Seed(4).Threads(threads).Run();
        foreach (var o in enumerated.Orders) values.AddRange(o.Levels.SelectMany(l => new[] { l.Error, l.StandardError, l.SolverBias ?? 0 }));
        // Generated span kernels whose gradient has long dot products (W1·image, 784 terms): a few SGD steps of MnistMlp on
        // pseudo-random images. TensorPrimitives.Dot grouped these by the hardware's vector width (issue: the MNIST weights
        // changed with DOTNET_EnableAVX512=0); FixedOrderReductions must not.
        values.AddRange(MnistSgdSteps());
        // The fused drivers' default counter-based lane normals (SplitMix64 hash, 64-bit lane multiplies): SME-2 of
        // Multiplicative and independent-noise SGD of LinearRegression, 37 particles (tiles and a scalar tail), 9 steps.
        var sme = Enumerable.Range(0, 37).Select(i => 0.5 + 0.01 * i).ToArray();
        FlowDsl.Fused.FusedSme.Run<Multiplicative.Sme2LaneStep>(sme, 37, Multiplicative.P, 0.1, 0.025, 9, 5, options: new FlowDsl.Fused.FusedOptions(Threads: threads));
        values.AddRange(sme);
        var independent = Enumerable.Range(0, 74).Select(i => Math.Cos(0.3 * i)).ToArray();
        FlowDsl.Fused.FusedSgd.RunIndependent<LinearRegression.SgdIndependentLaneStep>(independent, 37, LinearRegression.P, 0.1, 9, 5, options: new FlowDsl.Fused.FusedOptions(Threads: threads));
        values.AddRange(independent);
        var bytes = new byte[values.Count * sizeof(double)];
        Buffer.BlockCopy(values.Select(BitConverter.DoubleToInt64Bits).ToArray(), 0, bytes, 0, bytes.Length);
        return Convert.ToHexString(SHA256.HashData(bytes));
    }

    /// <summary>Ten plain SGD steps x ← x − ∇R(x, θₖ) of the generated MnistMlp, θₖ deterministic pseudo-random digits.</summary>
    private static double[] MnistSgdSteps()
    {
        var x = Enumerable.Range(0, MnistMlp.Layout.ParameterCount).Select(i => 0.05 * Math.Sin(0.61 * i + 0.3)).ToArray();
        var θ = new double[MnistMlp.Layout.DataCount];
        var g = new double[x.Length];
        for (var step = 0; step < 10; step++)
        {
            for (var j = 0; j < 784; j++) θ[j] = 0.5 + 0.5 * Math.Sin(1.7 * j + 3.1 * step);
            for (var j = 784; j < θ.Length; j++) θ[j] = j - 784 == step ? 1 : 0;
            MnistMlp.Gradient(x, θ, g);
            for (var i = 0; i < x.Length; i++) x[i] -= g[i];
        }
        return x;
    }
}
