namespace FlowDsl.Digits.Hosting;

/// <summary>POST /api/predict: the canvas as an ink grid (1 = full ink), row-major, preprocessed as MNIST was.</summary>
/// <param name="Width">Columns, 1 to <see cref="PredictionLimits.MaxSide"/>.</param>
/// <param name="Height">Rows, 1 to <see cref="PredictionLimits.MaxSide"/>.</param>
/// <param name="Ink">Width·Height values in [0, 1].</param>
public sealed record DrawingRequest(int Width, int Height, double[]? Ink);

/// <summary>POST /api/predict/mnist: an image already in MNIST form (28×28, row-major, values in [0, 1]).</summary>
/// <param name="Pixels">784 values in [0, 1].</param>
public sealed record ImageRequest(double[]? Pixels);

/// <summary>The answer to a prediction request.</summary>
/// <param name="Digit">The digit read.</param>
/// <param name="Probabilities">The ten outputs scaled to sum to 1.</param>
/// <param name="Outputs">The ten sigmoid outputs of the network.</param>
/// <param name="Image">The 28×28 image the network saw.</param>
public sealed record PredictionResponse(int Digit, double[] Probabilities, double[] Outputs, double[] Image);

/// <summary>An error answer: one line saying what is wrong with the request.</summary>
/// <param name="Error">The message.</param>
public sealed record ErrorResponse(string Error);

/// <summary>The limits of a prediction request.</summary>
public static class PredictionLimits
{
    /// <summary>Largest width or height of an ink grid (the page sends 140×140).</summary>
    public const int MaxSide = 280;

    /// <summary>Largest request body: 280×280 values written with up to ~12 characters each.</summary>
    public const long MaxBodyBytes = 1 << 20;

    /// <summary>Null when <paramref name="request"/> is a valid drawing, otherwise what is wrong with it.</summary>
    public static string? Check(DrawingRequest request)
    {
        if (request.Width is < 1 or > MaxSide || request.Height is < 1 or > MaxSide)
            return $"width and height must be 1 to {MaxSide}; got {request.Width} × {request.Height}.";
        if (request.Ink is null) return "the field 'ink' (width × height values in [0, 1]) is missing.";
        return CheckValues("ink", request.Ink, request.Width * request.Height, $"width × height = {request.Width} × {request.Height}");
    }

    /// <summary>Null when <paramref name="request"/> is a valid 28×28 image, otherwise what is wrong with it.</summary>
    public static string? Check(ImageRequest request) =>
        request.Pixels is null
            ? "the field 'pixels' (784 values in [0, 1]) is missing."
            : CheckValues("pixels", request.Pixels, 784, "a 28 × 28 image");

    private static string? CheckValues(string field, double[] values, int expected, string why)
    {
        if (values.Length != expected) return $"'{field}' has {values.Length} values; {why} needs {expected}.";
        var bad = Array.FindIndex(values, v => !(v >= 0 && v <= 1));
        return bad < 0 ? null : $"{field}[{bad}] = {values[bad]} is outside [0, 1].";
    }
}
