using System.Text;

namespace FlowDsl.Reports;

/// <summary>A plain monospaced table: columns padded to their widest cell, numbers right-aligned.</summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    /// <summary>A table with the given column headers.</summary>
    public TextTable(params string[] headers) => _headers = headers;

    /// <summary>Adds a row (as many cells as headers).</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
            throw new ArgumentException($"The row has {cells.Length} cells; the table has {_headers.Length} columns.", nameof(cells));
        _rows.Add(cells);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var sb = new StringBuilder();
        Line(sb, _headers, widths);
        sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) Line(sb, row, widths);
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append("  ");
            var numeric = cells[i].Length > 0 && (char.IsDigit(cells[i][^1]) || cells[i] is "NaN" or "—");
            sb.Append(numeric ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }
        sb.AppendLine();
    }
}
