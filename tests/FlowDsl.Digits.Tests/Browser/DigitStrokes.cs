namespace FlowDsl.Digits.Tests.Browser;

/// <summary>A pen stroke: points in the unit square (x to the right, y down), drawn in order without lifting the pen.</summary>
public sealed record Stroke(IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// One way of writing each digit, as a person would draw it with a mouse: the strokes of the digit's skeleton, built
/// from straight lines and circular or elliptic arcs. They were written once, looking like textbook digits, and not
/// adjusted to what the network reads.
/// </summary>
public static class DigitStrokes
{
    /// <summary>The strokes of <paramref name="digit"/>.</summary>
    public static IReadOnlyList<Stroke> Of(int digit) => digit switch
    {
        0 => [Arc(0.5, 0.5, 0.3, 0.45, -100, 270)],
        1 => [Path((0.33, 0.22), (0.52, 0.05), (0.52, 0.95))],
        2 => [Join(Arc(0.5, 0.3, 0.28, 0.25, 190, 390), Path((0.7, 0.5), (0.18, 0.95), (0.85, 0.95)))],
        3 => [Join(Arc(0.48, 0.27, 0.26, 0.22, 200, 450), Arc(0.48, 0.72, 0.3, 0.23, 270, 505))],
        4 => [Path((0.62, 0.05), (0.15, 0.65), (0.88, 0.65)), Path((0.64, 0.35), (0.64, 0.95))],
        5 => [Join(Path((0.8, 0.05), (0.3, 0.05), (0.25, 0.45)), Arc(0.48, 0.68, 0.3, 0.27, 225, 505))],
        6 => [Join(Path((0.72, 0.05), (0.45, 0.25), (0.3, 0.5), (0.22, 0.72)), Arc(0.48, 0.72, 0.26, 0.23, 180, -180))],
        7 => [Path((0.12, 0.08), (0.88, 0.08), (0.4, 0.95))],
        8 => [Arc(0.5, 0.27, 0.22, 0.22, 0, 360), Arc(0.5, 0.72, 0.27, 0.23, 0, 360)],
        9 => [Join(Arc(0.5, 0.3, 0.25, 0.24, 0, -360), Path((0.75, 0.3), (0.68, 0.95)))],
        _ => throw new ArgumentOutOfRangeException(nameof(digit), digit, "A digit is 0 to 9."),
    };

    /// <summary>Straight segments through the given points, sampled every 0.03.</summary>
    private static Stroke Path(params (double X, double Y)[] corners)
    {
        var points = new List<(double, double)> { corners[0] };
        for (var k = 1; k < corners.Length; k++)
        {
            var (a, b) = (corners[k - 1], corners[k]);
            var n = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y)) / 0.03));
            for (var i = 1; i <= n; i++) points.Add((a.X + (b.X - a.X) * i / n, a.Y + (b.Y - a.Y) * i / n));
        }
        return new Stroke(points);
    }

    /// <summary>The arc of the ellipse with centre (cx, cy) and radii (rx, ry) from angle <paramref name="from"/> to <paramref name="to"/> degrees (0 = right, 90 = down).</summary>
    private static Stroke Arc(double cx, double cy, double rx, double ry, double from, double to)
    {
        var n = (int)Math.Ceiling(Math.Abs(to - from) / 8);
        return new Stroke(Enumerable.Range(0, n + 1)
            .Select(i => (from + (to - from) * i / n) * Math.PI / 180)
            .Select(a => (cx + rx * Math.Cos(a), cy + ry * Math.Sin(a)))
            .ToList());
    }

    /// <summary>Two pieces drawn without lifting the pen.</summary>
    private static Stroke Join(Stroke first, Stroke second) => new([.. first.Points, .. second.Points]);
}

/// <summary>Where and how big a digit is drawn on the 280 px pad: a few ways people draw, to measure more than one sample per digit.</summary>
/// <param name="Name">A short name.</param>
/// <param name="Size">Height of the unit square on the pad, in CSS pixels.</param>
/// <param name="Width">Width relative to the height (narrow or wide writing).</param>
/// <param name="Slant">Shear: x moves by −slant·(y − ½) (positive leans right).</param>
/// <param name="DX">Offset of the centre from the pad's centre, in CSS pixels.</param>
/// <param name="DY">Offset of the centre from the pad's centre, in CSS pixels.</param>
public sealed record Writing(string Name, double Size, double Width, double Slant, int DX, int DY)
{
    /// <summary>Large, upright, centred: the test's main sample.</summary>
    public static readonly Writing Upright = new("upright", 200, 0.8, 0, 0, 0);

    /// <summary>The variants measured besides <see cref="Upright"/>.</summary>
    public static readonly Writing[] Variants =
    [
        new("small, top left", 110, 0.8, 0, -60, -55),
        new("slanted", 190, 0.75, 0.25, 5, 0),
        new("wide", 170, 1.1, 0, 0, 10),
    ];

    /// <summary>The pad position of a unit-square point, relative to the pad's centre (CSS pixels).</summary>
    public (int X, int Y) Place((double X, double Y) point) =>
        ((int)Math.Round(DX + Size * Width * (point.X - 0.5 - Slant * (point.Y - 0.5))), (int)Math.Round(DY + Size * (point.Y - 0.5)));
}
