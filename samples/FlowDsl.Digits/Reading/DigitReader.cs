namespace FlowDsl.Digits.Reading;

/// <summary>What the network read: the digit and its ten outputs.</summary>
/// <param name="Digit">argmax_c o_c.</param>
/// <param name="Outputs">The network's outputs o_c ∈ (0, 1) (sigmoid units trained towards the one-hot label).</param>
/// <param name="Probabilities">o_c / Σ o: the outputs scaled to sum to 1, shown as the class probabilities.</param>
public sealed record DigitReading(int Digit, double[] Outputs, double[] Probabilities);

/// <summary>
/// Reads a 28×28 image with a trained quadratic-loss classifier declared in the DSL, using only its generated risk
/// kernel: R(x, (image, y)) = ½|o − y|², so with y = 0 and y = e_c, o_c = R(x, (image, 0)) − R(x, (image, e_c)) + ½.
/// </summary>
/// <typeparam name="TModel">A model whose data are a 784-pixel image followed by a 10-class one-hot label.</typeparam>
public sealed class DigitReader<TModel> where TModel : IRiskModel
{
    /// <summary>Pixels of an image.</summary>
    public const int Pixels = MnistPreprocessing.Field * MnistPreprocessing.Field;

    /// <summary>Classes (digits 0–9).</summary>
    public const int Classes = 10;

    private readonly double[] _x;

    /// <summary>A reader with the trained parameters <paramref name="x"/>.</summary>
    public DigitReader(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (TModel.Layout.DataCount != Pixels + Classes)
            throw new ArgumentException($"{TModel.Name}: θ has {TModel.Layout.DataCount} values, a digit reader needs {Pixels} pixels + {Classes} labels.");
        if (x.Length != TModel.Layout.ParameterCount)
            throw new ArgumentException($"{TModel.Name} has {TModel.Layout.ParameterCount} parameters, not {x.Length}.", nameof(x));
        _x = x;
    }

    /// <summary>The trained parameters.</summary>
    public ReadOnlySpan<double> Parameters => _x;

    /// <summary>Reads a 28×28 image (row-major, values in [0, 1]).</summary>
    public DigitReading Read(ReadOnlySpan<double> image)
    {
        if (image.Length != Pixels) throw new ArgumentException($"An image has {Pixels} pixels, not {image.Length}.", nameof(image));
        Span<double> θ = stackalloc double[Pixels + Classes];
        image.CopyTo(θ);
        var label = θ[Pixels..];
        label.Clear();
        var halfNormSquared = TModel.Risk(_x, θ);
        var outputs = new double[Classes];
        for (var c = 0; c < Classes; c++)
        {
            label[c] = 1;
            outputs[c] = Math.Clamp(halfNormSquared - TModel.Risk(_x, θ) + 0.5, 0, 1);
            label[c] = 0;
        }
        var total = outputs.Sum();
        var probabilities = outputs.Select(o => total > 0 ? o / total : 1.0 / Classes).ToArray();
        return new DigitReading(Array.IndexOf(outputs, outputs.Max()), outputs, probabilities);
    }
}
