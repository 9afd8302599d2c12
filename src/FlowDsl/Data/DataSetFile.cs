using System.Globalization;

namespace FlowDsl.Data;

/// <summary>
/// Reads a data set for <see cref="Law.EmpiricalFromFile"/>: one atom θⱼ per line, numbers separated by
/// <see cref="DataSetFileOptions.Separator"/> (invariant culture), optionally one weight column. Blank lines and
/// lines starting with '#' are skipped. Errors name the file, the line and the problem.
/// </summary>
public static class DataSetFile
{
    /// <summary>The atoms and (when a weight column is set) their relative weights, as read from <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is malformed: wrong column count, not a number, non-finite, negative weight, or no data.</exception>
    public static (double[][] Atoms, double[]? Weights) Read(string path, DataSetFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new DataSetFileOptions();
        if (options.WeightColumn is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.WeightColumn, "The weight column must be ≥ 0.");
        if (!File.Exists(path)) throw new FileNotFoundException($"The data set file '{path}' does not exist.", path);

        var atoms = new List<double[]>();
        var weights = options.WeightColumn is null ? null : new List<double>();
        var columns = -1;
        var headerPending = options.HasHeader;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (headerPending)
            {
                headerPending = false;
                continue;
            }
            var fields = line.Split(options.Separator);
            if (columns < 0)
            {
                columns = fields.Length;
                if (options.WeightColumn is { } wc && wc >= columns)
                    throw Error(path, lineNumber, $"the weight column {wc} does not exist (the line has {columns} columns)");
                if (options.WeightColumn is not null && columns < 2)
                    throw Error(path, lineNumber, "a line with a weight column needs at least one data column besides it");
            }
            else if (fields.Length != columns)
                throw Error(path, lineNumber, $"{fields.Length} columns, but the first data line has {columns}");

            var atom = new double[options.WeightColumn is null ? columns : columns - 1];
            var next = 0;
            for (var c = 0; c < columns; c++)
            {
                var text = fields[c].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw Error(path, lineNumber, $"column {c} is '{text}', not a number");
                if (!double.IsFinite(value))
                    throw Error(path, lineNumber, $"column {c} is {text}, not finite");
                if (c == options.WeightColumn)
                {
                    if (value < 0) throw Error(path, lineNumber, $"the weight (column {c}) is {text}; weights must be ≥ 0");
                    weights!.Add(value);
                }
                else atom[next++] = value;
            }
            atoms.Add(atom);
        }
        if (atoms.Count == 0) throw new InvalidDataException($"{path}: the file has no data lines.");
        if (weights is not null && !weights.Any(w => w > 0))
            throw new InvalidDataException($"{path}: every weight is 0; at least one must be positive.");
        return (atoms.ToArray(), weights?.ToArray());
    }

    private static InvalidDataException Error(string path, int line, string problem) => new($"{path}, line {line}: {problem}.");
}
