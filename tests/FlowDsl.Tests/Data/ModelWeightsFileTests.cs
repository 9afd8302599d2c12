using FlowDsl.Data;
using FlowDsl.Models;

namespace FlowDsl.Tests.Data;

/// <summary>The weights file keeps x bit for bit and refuses, with a clear message, every file it cannot trust.</summary>
public sealed class ModelWeightsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flowdsl-weights-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Round_trip_keeps_every_bit()
    {
        var x = Parameters(MnistMlp.Layout.ParameterCount);
        x[17] = -0.0;
        x[18] = double.Epsilon;
        var path = Path.Combine(_folder, "sub", "mlp.weights");

        ModelWeightsFile.Save<MnistMlp>(path, x);
        var back = ModelWeightsFile.Load<MnistMlp>(path);

        Assert.Equal(x.Select(BitConverter.DoubleToInt64Bits), back.Select(BitConverter.DoubleToInt64Bits));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Weights_of_another_model_are_refused_by_name()
    {
        var path = Saved();
        var e = Assert.Throws<InvalidDataException>(() => ModelWeightsFile.Load<MnistMlpWide>(path));
        Assert.Equal($"Weights file '{path}' refused: holds weights of MnistMlp, not MnistMlpWide.", e.Message);
    }

    [Fact]
    public void Same_name_with_another_layout_is_refused_naming_the_block()
    {
        // A model called MnistMlp whose first layer is 64×784 (the wide network's shapes under the narrow one's name).
        var path = Path.Combine(_folder, "renamed.weights");
        ModelWeightsFile.Save(path, MnistMlp.Name, MnistMlpWide.Layout, Parameters(MnistMlpWide.Layout.ParameterCount));
        var e = Assert.Throws<InvalidDataException>(() => ModelWeightsFile.Load<MnistMlp>(path));
        Assert.Equal($"Weights file '{path}' refused: block W1 is Matrix 64×784, MnistMlp expects W1: Matrix 16×784.", e.Message);
    }

    [Fact]
    public void One_flipped_bit_is_caught_by_the_checksum()
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x04;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ModelWeightsFile.Load<MnistMlp>(path));
        Assert.Equal($"Weights file '{path}' refused: damaged or truncated (checksum mismatch).", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void A_truncated_file_is_refused(int missing)
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^missing]);
        var e = Assert.Throws<InvalidDataException>(() => ModelWeightsFile.Load<MnistMlp>(path));
        Assert.Contains("checksum mismatch", e.Message);
    }

    [Fact]
    public void Another_version_is_refused_before_anything_else_is_read()
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), ModelWeightsFile.Version + 1);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ModelWeightsFile.Load<MnistMlp>(path));
        Assert.Equal($"Weights file '{path}' refused: format version {ModelWeightsFile.Version + 1}; this build reads version {ModelWeightsFile.Version}.", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("step,risk\n1,0.5\n")]
    [InlineData("FLOWDSL")]
    public void A_file_of_another_kind_is_refused(string text)
    {
        var path = Path.Combine(_folder, "other.csv");
        File.WriteAllText(path, text);
        var e = Assert.Throws<InvalidDataException>(() => ModelWeightsFile.Load<MnistMlp>(path));
        Assert.Equal($"Weights file '{path}' refused: not a FlowDsl weights file (no FLOWDSLW header).", e.Message);
    }

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var path = Path.Combine(_folder, "none.weights");
        var e = Assert.Throws<FileNotFoundException>(() => ModelWeightsFile.Load<MnistMlp>(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Non_finite_or_misshaped_parameters_are_not_saved()
    {
        var x = Parameters(Quadratic.Layout.ParameterCount);
        x[1] = double.NaN;
        var path = Path.Combine(_folder, "q.weights");
        Assert.Contains("x[1] is NaN", Assert.Throws<ArgumentException>(() => ModelWeightsFile.Save<Quadratic>(path, x)).Message);
        Assert.Contains("has 3 parameters", Assert.Throws<ArgumentException>(() => ModelWeightsFile.Save<Quadratic>(path, new double[4])).Message);
        Assert.False(File.Exists(path));
    }

    private string Saved()
    {
        var path = Path.Combine(_folder, "mlp.weights");
        ModelWeightsFile.Save<MnistMlp>(path, Parameters(MnistMlp.Layout.ParameterCount));
        return path;
    }

    private static double[] Parameters(int d)
    {
        var random = new System.Random(3);
        return Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
    }
}
