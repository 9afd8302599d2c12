using FlowDsl.Data;
using FlowDsl.Mnist;
using FlowDsl.Mnist.Training;
using FlowDsl.Models;

namespace FlowDsl.IntegrationTests.Mnist;

/// <summary>`train --save <file>` writes exactly the trained parameters, in a file only the same network can load.</summary>
[Collection(MnistCollection.Name)]
public sealed class SaveWeightsTests(MnistFixture mnist) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flowdsl-save-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Train_save_writes_the_parameters_the_trainer_returns_bit_for_bit()
    {
        var path = Path.Combine(_folder, "narrow.weights");
        var exit = TrainCommand.Run(new CommandLine(["--width", "16x16", "--steps", "30", "--evaluations", "1", "--threads", "1",
            "--data", DataFolder, "--out", Path.Combine(_folder, "out"), "--save", path]));

        var expected = SgdTrainer.Train<MnistMlp>(mnist.Data.Train, mnist.Data.Test, MnistData.Classes,
            new TrainingOptions { Steps = 30, Evaluations = 1, Threads = 1 }).Parameters;
        Assert.Equal(0, exit);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), ModelWeightsFile.Load<MnistMlp>(path).Select(BitConverter.DoubleToInt64Bits));
        var e = Assert.Throws<InvalidDataException>(() => ModelWeightsFile.Load<MnistMlpWide>(path));
        Assert.Contains("holds weights of MnistMlp, not MnistMlpWide", e.Message);
    }

    [Fact]
    public void Save_without_a_file_name_is_refused_before_training()
    {
        var e = Assert.Throws<ArgumentException>(() => TrainCommand.Run(new CommandLine(["--steps", "10", "--save"])));
        Assert.Equal("--save needs a file name: --save <file>.", e.Message);
        e = Assert.Throws<ArgumentException>(() => TrainCommand.Run(new CommandLine(["--steps", "10", "--save", _folder])));
        Assert.Equal($"--save {_folder}: that is a folder; give a file name.", e.Message);
        var underAFile = Path.Combine(DataFolder, "README.md", "x.weights");
        e = Assert.Throws<ArgumentException>(() => TrainCommand.Run(new CommandLine(["--steps", "10", "--save", underAFile])));
        Assert.StartsWith($"--save {underAFile}: cannot write there (", e.Message);
    }

    private static string DataFolder => Path.Combine(RepositoryRoot, "samples", "FlowDsl.Mnist", "data");

    private static string RepositoryRoot => typeof(SaveWeightsTests).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;
}
