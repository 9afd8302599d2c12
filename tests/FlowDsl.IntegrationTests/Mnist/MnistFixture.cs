using System.Reflection;
using FlowDsl.Mnist;

namespace FlowDsl.IntegrationTests.Mnist;

/// <summary>The shipped MNIST subset, loaded once per test run, and a reproducible parameter point.</summary>
public sealed class MnistFixture
{
    public MnistFixture()
    {
        var root = typeof(MnistFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        Data = MnistData.Load(Path.Combine(root, "samples", "FlowDsl.Mnist", "data"));
    }

    public MnistData Data { get; }

    /// <summary>θ_i of the training set.</summary>
    public double[] TrainSample(int index, int length) => Data.Train.AsSpan(index * length, length).ToArray();
}

[CollectionDefinition(Name)]
public sealed class MnistCollection : ICollectionFixture<MnistFixture>
{
    public const string Name = "MNIST data";
}
