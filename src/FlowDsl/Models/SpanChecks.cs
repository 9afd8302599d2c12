using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FlowDsl;

/// <summary>
/// The argument checks every generated kernel starts with (one copy here, not one per generated file): span lengths
/// against the model's <see cref="ModelLayout"/>, and outputs that must not overlap the inputs they are computed from.
/// </summary>
/// <remarks>
/// The checks are inlined into the kernels and the messages are built in separate throw helpers: small models call a
/// kernel per node and per step, where a call per check was a visible share of the time.
/// </remarks>
public static class SpanChecks
{
    /// <summary>Throws unless <paramref name="span"/> has length <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException">The length differs; the message names the span and both lengths.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Length(ReadOnlySpan<double> span, int expected, string name)
    {
        if (span.Length != expected) ThrowLength(span.Length, expected, name);
    }

    /// <summary>Checks an output span's length and that it overlaps none of the inputs <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/>.</summary>
    /// <exception cref="ArgumentException">The length differs, or the output overlaps an input.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Output(Span<double> output, int expected, string name, ReadOnlySpan<double> a, ReadOnlySpan<double> b = default, ReadOnlySpan<double> c = default)
    {
        if (output.Length != expected) ThrowLength(output.Length, expected, name);
        ReadOnlySpan<double> o = output;
        if (o.Overlaps(a) || o.Overlaps(b) || o.Overlaps(c)) ThrowOverlap(name);
    }

    [DoesNotReturn]
    private static void ThrowLength(int length, int expected, string name) =>
        throw new ArgumentException($"The span '{name}' must have length {expected} but has length {length}.", name);

    [DoesNotReturn]
    private static void ThrowOverlap(string name) =>
        throw new ArgumentException($"The output span '{name}' must not overlap an input span.", name);
}
