using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using Xunit.Abstractions;

namespace FlowDsl.Digits.Tests.Browser;

/// <summary>One headless chromium for the browser tests.</summary>
public sealed class BrowserFixture : IDisposable
{
    public ChromeDriver Driver { get; } = HeadlessChromium.Start();

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}

/// <summary>
/// The demo page in a real headless browser: digits drawn with pointer events (mouse, pen and touch) on the canvas,
/// the reading taken from the page. Set FLOWDSL_DIGITS_SCREENSHOT=file.png to save the page after the upright 3.
/// </summary>
[Collection(DigitsAppCollection.Name)]
public sealed class BrowserTests(DigitsAppFixture app, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly PointerKind[] Kinds =
        [PointerKind.Mouse, PointerKind.Pen, PointerKind.Touch];

    [Fact]
    public void Each_digit_drawn_upright_is_read_correctly()
    {
        // The tolerance: at least 9 of the 10 upright digits (one miss allowed: the talk's network read 68 % of hand-drawn
        // digits; this one is measured on these strokes in README.md).
        var page = Open();
        var correct = 0;
        for (var digit = 0; digit < 10; digit++)
        {
            var read = DrawAndRead(page, digit, Writing.Upright, Kinds[digit % 3]);
            correct += read == digit ? 1 : 0;
            if (digit == 3 && Environment.GetEnvironmentVariable("FLOWDSL_DIGITS_SCREENSHOT") is { Length: > 0 } path) page.Screenshot(path);
            page.Clear();
        }
        output.WriteLine($"upright: {correct}/10 read correctly");
        Assert.True(correct >= 9, $"only {correct} of the 10 upright digits were read correctly");
    }

    [Fact]
    public void Digits_written_small_slanted_or_wide_are_mostly_read_correctly()
    {
        var page = Open();
        var correct = 0;
        foreach (var writing in Writing.Variants)
        {
            var line = new List<string>();
            for (var digit = 0; digit < 10; digit++)
            {
                var read = DrawAndRead(page, digit, writing, Kinds[digit % 3]);
                correct += read == digit ? 1 : 0;
                line.Add(read == digit ? $"{digit}" : $"{digit}→{read}");
                page.Clear();
            }
            output.WriteLine($"{writing.Name}: {string.Join(" ", line)}");
        }
        var total = 10 * Writing.Variants.Length;
        output.WriteLine($"variants: {correct}/{total} read correctly");
        Assert.True(correct >= 0.8 * total, $"only {correct} of {total} were read correctly");
    }

    [Fact]
    public void The_reading_is_updated_while_the_pen_is_still_down()
    {
        var page = Open();
        page.Draw(DigitStrokes.Of(7), Writing.Upright, PointerKind.Mouse, lift: false);
        var whileDown = page.ReadDigit();
        var bars = page.Bars;
        page.Lift(PointerKind.Mouse);
        Assert.Equal(7, whileDown);
        Assert.Equal(100, bars.Sum(), 0.5);
        Assert.Equal(bars.Max(), bars[7]);

        page.Clear();
        Assert.Equal("–", page.DigitText);
        Assert.Equal(0, page.InkOnPad);
        Assert.All(page.BarTexts, text => Assert.Equal("–", text));
    }

    private DrawingPage Open()
    {
        var page = new DrawingPage(browser.Driver, app.Address);
        page.Open();
        page.WaitForInfo();
        return page;
    }

    private int DrawAndRead(DrawingPage page, int digit, Writing writing, PointerKind kind)
    {
        page.Draw(DigitStrokes.Of(digit), writing, kind);
        var read = page.ReadDigit();
        output.WriteLine($"{writing.Name} {digit} ({kind}): read {read}; bars {string.Join(" ", page.Bars.Select(b => b.ToString("F0")))}");
        return read;
    }
}
