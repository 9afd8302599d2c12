using System;
using System.Text;

namespace FlowDsl.Generators.Emit;

/// <summary>
/// An indented text writer for generated C# (after System.Text.Json's SourceWriter): lines are written with the
/// current indentation; <see cref="Block"/> opens a brace block that the returned scope closes. Always "\n" line ends.
/// </summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _text = new();

    public int Indentation { get; set; }

    public void WriteLine() => _text.Append('\n');

    public void WriteLine(string line)
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return;
        }
        _text.Append(' ', Indentation * IndentSize).Append(line).Append('\n');
    }

    /// <summary>Writes a multi-line template (a raw string), each line at the current indentation.</summary>
    public void WriteLines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n')) WriteLine(line);
    }

    /// <summary>Writes <paramref name="header"/>, then "{", and returns a scope that writes "}" (with <paramref name="closing"/>).</summary>
    public Scope Block(string header, string closing = "")
    {
        WriteLine(header);
        WriteLine("{");
        Indentation++;
        return new Scope(this, closing);
    }

    public override string ToString() => _text.ToString();

    // A block never ends with a blank line (members are written followed by one).
    private void TrimTrailingBlankLine()
    {
        if (_text.Length >= 2 && _text[_text.Length - 1] == '\n' && _text[_text.Length - 2] == '\n') _text.Length--;
    }

    public readonly struct Scope(SourceWriter writer, string closing) : IDisposable
    {
        public void Dispose()
        {
            writer.TrimTrailingBlankLine();
            writer.Indentation--;
            writer.WriteLine("}" + closing);
        }
    }
}
