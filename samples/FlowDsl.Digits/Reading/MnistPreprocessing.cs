namespace FlowDsl.Digits.Reading;

/// <summary>
/// MNIST's own normalisation applied to a drawing, so that hand-drawn ink looks like the training digits
/// (LeCun et al.: "size-normalized to fit in a 20x20 pixel box while preserving their aspect ratio … centered in a
/// 28x28 image by computing the center of mass of the pixels").
/// </summary>
/// <remarks>
/// Input: an ink grid of <c>width × height</c> values in [0, 1], row-major, 1 = full ink. Steps:
/// <list type="number">
/// <item>Crop to the bounding box of the pixels with ink &gt; 0 (w × h); no ink: nothing to read.</item>
/// <item>Scale the longer side to 20 px keeping the aspect ratio: the target is W' × H' with
/// W' = max(1, round(20·w / max(w, h))), H' likewise (round half away from zero).</item>
/// <item>Anti-alias by area averaging: target pixel (i, j) is the mean of the source over its footprint
/// [i·w/W', (i+1)·w/W') × [j·h/H', (j+1)·h/H'), each source pixel weighted by the area it covers — the exact box
/// filter, for shrinking and enlarging alike.</item>
/// <item>Centre by centre of mass: with pixel centres at (i + ½, j + ½), the whole-pixel shift that puts the
/// mass-weighted mean (cx, cy) of the scaled image into pixel (14, 14), i.e. into [14, 15)², as MNIST did (the centre
/// of mass of every shipped MNIST digit lies there): the image's left edge goes to column ⌈14 − cx⌉, clamped to
/// [0, 28 − W'] so that no ink is cut off (rows likewise).</item>
/// </list>
/// </remarks>
public static class MnistPreprocessing
{
    /// <summary>Side of the MNIST field.</summary>
    public const int Field = 28;

    /// <summary>Side of the box the longer side of the digit is scaled to.</summary>
    public const int Box = 20;

    /// <summary>The 28×28 image (row-major, values in [0, 1]) of the ink, or null when the grid has no ink.</summary>
    /// <param name="ink">width·height values in [0, 1], row-major.</param>
    /// <param name="width">Columns of the grid.</param>
    /// <param name="height">Rows of the grid.</param>
    public static double[]? Normalize(ReadOnlySpan<double> ink, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (ink.Length != width * height)
            throw new ArgumentException($"The ink grid has {ink.Length} values, width × height = {width * height}.", nameof(ink));
        if (BoundingBox(ink, width, height) is not var (left, top, w, h)) return null;

        var longer = Math.Max(w, h);
        var scaledWidth = Math.Max(1, (int)Math.Round((double)Box * w / longer, MidpointRounding.AwayFromZero));
        var scaledHeight = Math.Max(1, (int)Math.Round((double)Box * h / longer, MidpointRounding.AwayFromZero));
        var scaled = AreaResample(ink, width, left, top, w, h, scaledWidth, scaledHeight);

        var (cx, cy) = CentreOfMass(scaled, scaledWidth, scaledHeight);
        var column = Math.Clamp(ShiftIntoCentrePixel(cx), 0, Field - scaledWidth);
        var row = Math.Clamp(ShiftIntoCentrePixel(cy), 0, Field - scaledHeight);
        var image = new double[Field * Field];
        for (var j = 0; j < scaledHeight; j++)
            scaled.AsSpan(j * scaledWidth, scaledWidth).CopyTo(image.AsSpan((row + j) * Field + column));
        return image;
    }

    /// <summary>⌈14 − c⌉: the shift that moves c into [14, 15). A centre of mass a rounding error away from a whole
    /// number is taken as that number, so symmetric drawings are placed as exact arithmetic would place them.</summary>
    private static int ShiftIntoCentrePixel(double c) => (int)Math.Ceiling(Field / 2 - c - 1e-9);

    /// <summary>(left, top, width, height) of the pixels with ink &gt; 0, or null.</summary>
    private static (int Left, int Top, int Width, int Height)? BoundingBox(ReadOnlySpan<double> ink, int width, int height)
    {
        var (left, top, right, bottom) = (width, height, -1, -1);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                if (!(ink[y * width + x] > 0)) continue;
                left = Math.Min(left, x);
                right = Math.Max(right, x);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
            }
        return right < 0 ? null : (left, top, right - left + 1, bottom - top + 1);
    }

    /// <summary>Box-filter resampling of the w×h window at (left, top) to tw×th (separable: columns, then rows).</summary>
    private static double[] AreaResample(ReadOnlySpan<double> ink, int stride, int left, int top, int w, int h, int tw, int th)
    {
        var columns = Weights(w, tw);
        var rows = Weights(h, th);
        var wide = new double[h * tw];
        for (var y = 0; y < h; y++)
            for (var i = 0; i < tw; i++)
            {
                var sum = 0.0;
                foreach (var (source, weight) in columns[i]) sum += weight * ink[(top + y) * stride + left + source];
                wide[y * tw + i] = sum;
            }
        var result = new double[th * tw];
        for (var j = 0; j < th; j++)
            for (var i = 0; i < tw; i++)
            {
                var sum = 0.0;
                foreach (var (source, weight) in rows[j]) sum += weight * wide[source * tw + i];
                result[j * tw + i] = Math.Min(1.0, sum);
            }
        return result;
    }

    /// <summary>For each of the <paramref name="target"/> cells, the source cells it overlaps and the overlap as a fraction of the cell.</summary>
    private static List<(int Source, double Weight)>[] Weights(int source, int target)
    {
        var step = (double)source / target;
        var weights = new List<(int, double)>[target];
        for (var i = 0; i < target; i++)
        {
            var (from, to) = (i * step, (i + 1) * step);
            weights[i] = [];
            for (var s = (int)Math.Floor(from); s < Math.Min(source, (int)Math.Ceiling(to)); s++)
            {
                var overlap = Math.Min(to, s + 1) - Math.Max(from, s);
                if (overlap > 0) weights[i].Add((s, overlap / step));
            }
        }
        return weights;
    }

    /// <summary>The ink-weighted mean of the pixel centres (i + ½, j + ½).</summary>
    private static (double X, double Y) CentreOfMass(double[] image, int width, int height)
    {
        var (mass, x, y) = (0.0, 0.0, 0.0);
        for (var j = 0; j < height; j++)
            for (var i = 0; i < width; i++)
            {
                var m = image[j * width + i];
                mass += m;
                x += m * (i + 0.5);
                y += m * (j + 0.5);
            }
        return mass > 0 ? (x / mass, y / mass) : (width / 2.0, height / 2.0);
    }
}
