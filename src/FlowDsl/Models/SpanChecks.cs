namespace FlowDsl;

/// <summary>
/// The argument checks every generated kernel starts with (one copy here, not one per generated file): span lengths
/// against the model's <see cref="ModelLayout"/>, and outputs that must not overlap the inputs they are computed from.
/// </summary>
public static class SpanChecks
{
    /// <summary>Throws unless <paramref name="span"/> has length <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException">The length differs; the message names the span and both lengths.</exception>
    public static void Length(ReadOnlySpan<double> span, int expected, string name)
    {
        if (span.Length != expected)
            throw new ArgumentException($"The span '{name}' must have length {expected} but has length {span.Length}.", name);
    }

    /// <summary>Checks an output span's length and that it overlaps none of the inputs <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/>.</summary>
    /// <exception cref="ArgumentException">The length differs, or the output overlaps an input.</exception>
    public static void Output(Span<double> output, int expected, string name, ReadOnlySpan<double> a, ReadOnlySpan<double> b = default, ReadOnlySpan<double> c = default)
    {
        Length(output, expected, name);
        ReadOnlySpan<double> o = output;
        if (o.Overlaps(a) || o.Overlaps(b) || o.Overlaps(c))
            throw new ArgumentException($"The output span '{name}' must not overlap an input span.", name);
    }
}
