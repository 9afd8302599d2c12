using FlowDsl.Digits.Reading;

namespace FlowDsl.Digits.Tests.Reading;

/// <summary>
/// MNIST's normalisation on grids small enough to work out by hand (the arithmetic is in each test's comment):
/// crop, scale the longer side to 20 px by area averaging, shift the centre of mass into pixel (14, 14), clamp inside 28×28.
/// </summary>
public sealed class MnistPreprocessingTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void One_pixel_becomes_a_20_by_20_square_in_the_middle()
    {
        // Box 1×1 → 20×20 of 0.6; centre of mass (10, 10) → left edge ⌈14 − 10⌉ = 4 (the centre of mass lands on 14).
        var grid = new double[100];
        grid[7 * 10 + 5] = 0.6;
        AssertImage(Expected((4, 4, 20, 20, (_, _) => 0.6)), MnistPreprocessing.Normalize(grid, 10, 10));
    }

    [Fact]
    public void A_wide_stroke_keeps_its_aspect_and_is_centred_by_mass_not_by_box()
    {
        // Ink 1.0 and 0.2 side by side (box 2×1) → 20×10: columns 0–9 are 1.0, 10–19 are 0.2.
        // cx = (Σ_{i<10}(i+½) + 0.2·Σ_{10≤i<20}(i+½)) / (10 + 2) = (50 + 30)/12 = 6.67 → left edge ⌈14 − 6.67⌉ = 8, which
        // puts the centre of mass at 14.67, inside pixel 14 (rounding to the nearest shift, 7, would put it at 13.67);
        // cy = 5 → top edge 9. (Centring the box instead would put the left edge at 4.)
        var grid = new double[4 * 3];
        grid[1 * 4 + 1] = 1.0;
        grid[1 * 4 + 2] = 0.2;
        AssertImage(Expected((9, 8, 10, 20, (_, c) => c < 10 ? 1.0 : 0.2)), MnistPreprocessing.Normalize(grid, 4, 3));
    }

    [Fact]
    public void Shrinking_averages_the_covered_area()
    {
        // A 30×1 row, 1.0 for x < 16 and 0.5 after → 20×1 (height round(20/30) = 1); target pixel j covers [1.5j, 1.5j + 1.5):
        // j ≤ 9 → 1.0; j = 10 covers pixel 15 fully and half of pixel 16 → (1 + ½·0.5)/1.5 = 5/6; j ≥ 11 → 0.5.
        // cx = (50 + 10.5·5/6 + ½·139.5) / (10 + 5/6 + 4.5) = 128.5/15.33 = 8.38 → left edge ⌈5.62⌉ = 6; cy = ½ → top edge ⌈13.5⌉ = 14.
        var grid = Enumerable.Range(0, 30).Select(x => x < 16 ? 1.0 : 0.5).ToArray();
        AssertImage(Expected((14, 6, 1, 20, (_, c) => c < 10 ? 1.0 : c == 10 ? 5.0 / 6 : 0.5)), MnistPreprocessing.Normalize(grid, 30, 1));
    }

    [Fact]
    public void A_tall_digit_is_scaled_by_its_height_and_rounds_half_up()
    {
        // Box 3×8 → height 20, width 20·3/8 = 7.5 → 8; all ink 1; centre (4, 10) → left ⌈10⌉ = 10, top ⌈4⌉ = 4.
        var grid = new double[5 * 12];
        for (var y = 2; y < 10; y++)
            for (var x = 1; x < 4; x++) grid[y * 5 + x] = 1.0;
        AssertImage(Expected((4, 10, 20, 8, (_, _) => 1.0)), MnistPreprocessing.Normalize(grid, 5, 12));
    }

    [Fact]
    public void The_shift_is_clamped_so_no_ink_leaves_the_field()
    {
        // [1, 0.01; 0.01, 0.01] → four 10×10 blocks; mass 100 + 3 = 103, cx = cy = (500 + 15 + 5 + 15)/103 = 5.19
        // → ⌈14 − 5.19⌉ = 9, but 9 + 20 > 28: clamped to 8.
        var grid = new[] { 1.0, 0.01, 0.01, 0.01 };
        AssertImage(Expected((8, 8, 20, 20, (r, c) => r < 10 && c < 10 ? 1.0 : 0.01)), MnistPreprocessing.Normalize(grid, 2, 2));
    }

    [Fact]
    public void Position_and_resolution_of_the_drawing_do_not_matter()
    {
        // An L-shaped stroke, drawn at two places of a 40×40 grid and at twice the resolution (each pixel a 2×2 block).
        var small = new double[40 * 40];
        for (var y = 5; y < 17; y++) small[y * 40 + 9] = 0.8;
        for (var x = 9; x < 16; x++) small[16 * 40 + x] = 1.0;
        var moved = new double[40 * 40];
        for (var i = 0; i < small.Length; i++)
            if (small[i] > 0) moved[i + 13 * 40 + 17] = small[i];
        var doubled = new double[80 * 80];
        for (var y = 0; y < 80; y++)
            for (var x = 0; x < 80; x++) doubled[y * 80 + x] = small[y / 2 * 40 + x / 2];

        var reference = MnistPreprocessing.Normalize(small, 40, 40);
        AssertImage(reference!, MnistPreprocessing.Normalize(moved, 40, 40));
        AssertImage(reference!, MnistPreprocessing.Normalize(doubled, 80, 80));
    }

    [Fact]
    public void Every_shipped_mnist_test_digit_is_a_fixed_point()
    {
        // MNIST's digits are already normalised: longer side 20 px, centre of mass inside pixel (14, 14). The preprocessing
        // must leave each of them exactly as it is, or hand-drawn input would not look like the training data.
        var data = FlowDsl.Mnist.MnistData.Load(FlowDsl.Mnist.MnistData.DefaultFolder);
        for (var i = 0; i < data.TestCount; i++)
        {
            var digit = data.Test.AsSpan(i * 794, 784).ToArray();
            Assert.Equal(digit, MnistPreprocessing.Normalize(digit, 28, 28));
        }
    }

    [Fact]
    public void No_ink_means_nothing_to_read()
    {
        Assert.Null(MnistPreprocessing.Normalize(new double[140 * 140], 140, 140));
        Assert.NotNull(MnistPreprocessing.Normalize([0, 0, 0.001, 0], 2, 2));
    }

    [Fact]
    public void A_grid_of_the_wrong_size_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => MnistPreprocessing.Normalize(new double[10], 4, 3));
        Assert.StartsWith("The ink grid has 10 values, width × height = 12.", e.Message);
    }

    /// <summary>A 28×28 image that is 0 except a rows×cols block at (top, left) with values value(r, c).</summary>
    private static double[] Expected((int Top, int Left, int Rows, int Cols, Func<int, int, double> Value) block)
    {
        var image = new double[28 * 28];
        for (var r = 0; r < block.Rows; r++)
            for (var c = 0; c < block.Cols; c++) image[(block.Top + r) * 28 + block.Left + c] = block.Value(r, c);
        return image;
    }

    private static void AssertImage(double[] expected, double[]? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(784, actual.Length);
        for (var i = 0; i < 784; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"pixel (row {i / 28}, column {i % 28}): expected {expected[i]}, got {actual[i]}");
    }
}
