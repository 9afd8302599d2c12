using System.Runtime.Intrinsics;

namespace FlowDsl.Simd;

/// <summary>Which lane width a kernel runs at. Results are bit-identical at every width; only the speed differs.</summary>
public enum SimdWidth
{
    /// <summary>The widest width the hardware accelerates (<see cref="Vector512"/>, else <see cref="Vector256"/>, else <see cref="Scalar"/>).</summary>
    Auto = 0,
    /// <summary>One double at a time: the reference.</summary>
    Scalar = 1,
    /// <summary>Four doubles per <c>Vector256&lt;double&gt;</c>.</summary>
    Vector256 = 4,
    /// <summary>Eight doubles per <c>Vector512&lt;double&gt;</c>.</summary>
    Vector512 = 8,
}

/// <summary>Resolves <see cref="SimdWidth.Auto"/> and checks explicit requests against the hardware.</summary>
public static class SimdWidths
{
    /// <summary>
    /// The widest accelerated width. Run with <c>DOTNET_EnableAVX512=0</c> (the .NET 10 name; <c>DOTNET_EnableAVX512F</c> is ignored there) to make this <see cref="SimdWidth.Vector256"/>
    /// on an AVX-512 machine (or pass an explicit width).
    /// </summary>
    public static SimdWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : SimdWidth.Scalar;

    /// <summary>All widths this machine can run, narrowest first (always includes <see cref="SimdWidth.Scalar"/>).</summary>
    public static IReadOnlyList<SimdWidth> Supported { get; } =
        new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 }.Where(w => w <= Best).ToArray();

    /// <summary>Resolves <see cref="SimdWidth.Auto"/> to <see cref="Best"/>; throws if the hardware does not accelerate the requested width.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is not a <see cref="SimdWidth"/> value.</exception>
    /// <exception cref="PlatformNotSupportedException">The width is not accelerated on this machine.</exception>
    public static SimdWidth Resolve(SimdWidth width)
    {
        if (!Enum.IsDefined(width))
            throw new ArgumentOutOfRangeException(nameof(width), width, "Expected Auto, Scalar, Vector256 or Vector512.");
        if (width == SimdWidth.Auto) return Best;
        if (width > Best)
            throw new PlatformNotSupportedException($"SIMD width {width} requested, but this machine accelerates at most {Best}.");
        return width;
    }
}
