using System.Globalization;
using System.IO.Compression;

namespace FlowDsl.Digits.Evaluation;

/// <summary>
/// The UCI "Optical Recognition of Handwritten Digits" test set as scikit-learn ships it (<c>digits.csv.gz</c>,
/// 1,797 digits by 43 writers who are not MNIST's): per line 64 counts 0–16 (an 8×8 image, row-major; each count is
/// the ink in a 4×4 block of a 32×32 bitmap) and the label.
/// </summary>
public static class UciOpticalDigits
{
    /// <summary>Where Debian's python3-sklearn installs the file.</summary>
    public const string DebianPath = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

    /// <summary>Side of an image.</summary>
    public const int Side = 8;

    /// <summary>The digits as ink grids (count/16, values in [0, 1]) with their labels.</summary>
    /// <exception cref="InvalidDataException">A line is malformed; the message names the file and the line.</exception>
    public static IReadOnlyList<(double[] Ink, int Label)> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The UCI digits file '{path}' does not exist (Debian: apt-get install python3-sklearn).", path);
        using var file = File.OpenRead(path);
        using var text = new StreamReader(path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file);
        var digits = new List<(double[], int)>();
        var number = 0;
        while (text.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != Side * Side + 1) throw Bad(path, number, $"{fields.Length} fields, expected {Side * Side + 1}");
            var values = new double[fields.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                    throw Bad(path, number, $"field {i} is '{fields[i]}', not a number");
            }
            var label = values[^1];
            if (label is < 0 or > 9 || label != Math.Floor(label)) throw Bad(path, number, $"the label is {fields[^1]}, not a digit");
            var ink = values[..^1];
            if (Array.FindIndex(ink, v => v is < 0 or > 16) is var bad and >= 0) throw Bad(path, number, $"pixel {bad} is {ink[bad]}, outside 0–16");
            digits.Add((ink.Select(v => v / 16).ToArray(), (int)label));
        }
        if (digits.Count == 0) throw new InvalidDataException($"{path}: no digits.");
        return digits;
    }

    private static InvalidDataException Bad(string path, int line, string problem) => new($"{path}, line {line}: {problem}.");
}
