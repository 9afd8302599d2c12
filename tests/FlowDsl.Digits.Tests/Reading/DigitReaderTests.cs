using FlowDsl.Digits.Reading;
using FlowDsl.Mnist;
using FlowDsl.Models;

namespace FlowDsl.Digits.Tests.Reading;

/// <summary>The reader's outputs, recovered from the generated risk kernel, against a forward pass written here.</summary>
[Collection(DigitsAppCollection.Name)]
public sealed class DigitReaderTests(DigitsAppFixture app)
{
    [Fact]
    public void Outputs_from_the_risk_identity_match_an_independent_forward_pass()
    {
        var data = MnistData.Load(MnistData.DefaultFolder);
        var x = app.Network.Reader.Parameters.ToArray();
        for (var i = 0; i < 20; i++)
        {
            var image = data.Test.AsSpan(i * 794, 784).ToArray();
            var reading = app.Network.Reader.Read(image);
            var expected = Forward(x, image);
            for (var c = 0; c < 10; c++) Assert.Equal(expected[c], reading.Outputs[c], 1e-12);
            Assert.Equal(Array.IndexOf(expected, expected.Max()), reading.Digit);
            Assert.Equal(1.0, reading.Probabilities.Sum(), 1e-12);
            for (var c = 0; c < 10; c++) Assert.Equal(expected[c] / expected.Sum(), reading.Probabilities[c], 1e-12);
        }
    }

    [Fact]
    public void The_shipped_weights_read_mnist_at_least_as_well_as_the_talk()
    {
        // The talk's network reached 93 % on MNIST test data; the shipped weights are the Mnist sample's default run.
        Assert.True(app.Network.TestAccuracy >= 0.93, $"test accuracy {app.Network.TestAccuracy:P2}");
        Assert.Equal(2000, app.Network.TestDigits);
    }

    [Fact]
    public void Weights_of_another_network_are_refused_when_the_app_starts()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("flowdsl-digits-").FullName, "narrow.weights");
        FlowDsl.ModelWeightsFile.Save<MnistMlp>(path, new double[MnistMlp.Layout.ParameterCount]);
        var e = Assert.Throws<InvalidDataException>(() => TrainedNetwork.LoadOrTrain(path, train: null, TextWriter.Null));
        Assert.Equal($"Weights file '{path}' refused: holds weights of MnistMlp, not MnistMlpWide.", e.Message);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    /// <summary>o = σ(W3 σ(W2 σ(W1 v + b1) + b2) + b3), reading the blocks by name from the layout.</summary>
    private static double[] Forward(double[] x, double[] image)
    {
        var blocks = MnistMlpWide.Layout.Parameters.ToDictionary(b => b.Name);
        var h = image;
        foreach (var (w, b) in new[] { ("W1", "b1"), ("W2", "b2"), ("W3", "b3") })
        {
            var (matrix, bias) = (blocks[w], blocks[b]);
            var next = new double[matrix.Rows];
            for (var r = 0; r < matrix.Rows; r++)
            {
                var z = x[bias.Offset + r];
                for (var c = 0; c < matrix.Cols; c++) z += x[matrix.Offset + r * matrix.Cols + c] * h[c];
                next[r] = 1 / (1 + Math.Exp(-z));
            }
            h = next;
        }
        return h;
    }
}
