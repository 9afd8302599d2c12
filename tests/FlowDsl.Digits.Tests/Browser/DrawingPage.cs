using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;

namespace FlowDsl.Digits.Tests.Browser;

/// <summary>The demo page in a real browser: draws strokes with W3C pointer actions and reads what the page shows.</summary>
public sealed class DrawingPage(ChromeDriver driver, Uri address)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Opens the page and waits until it has loaded.</summary>
    public void Open()
    {
        driver.Navigate().GoToUrl(address);
        Until(() => driver.FindElements(By.CssSelector("#bars li")).Count == 10, "the page did not build its ten bars");
    }

    private IWebElement Pad => driver.FindElement(By.Id("pad"));

    /// <summary>Draws <paramref name="strokes"/> placed by <paramref name="writing"/> with a pointer of <paramref name="kind"/>; with <paramref name="lift"/> false the pen stays down after the last point.</summary>
    public void Draw(IReadOnlyList<Stroke> strokes, Writing writing, PointerKind kind, bool lift = true)
    {
        var pen = new PointerInputDevice(kind, kind.ToString().ToLowerInvariant());
        var actions = new ActionBuilder();
        var pad = Pad;
        for (var s = 0; s < strokes.Count; s++)
        {
            var points = strokes[s].Points.Select(writing.Place).ToList();
            actions.AddAction(pen.CreatePointerMove(pad, points[0].X, points[0].Y, TimeSpan.Zero));
            actions.AddAction(pen.CreatePointerDown(MouseButton.Left));
            foreach (var (x, y) in points.Skip(1)) actions.AddAction(pen.CreatePointerMove(pad, x, y, TimeSpan.Zero));
            if (lift || s < strokes.Count - 1) actions.AddAction(pen.CreatePointerUp(MouseButton.Left));
        }
        driver.PerformActions(actions.ToActionSequenceList());
    }

    /// <summary>Lifts a pointer of <paramref name="kind"/> left down by <see cref="Draw"/>.</summary>
    public void Lift(PointerKind kind)
    {
        var pen = new PointerInputDevice(kind, kind.ToString().ToLowerInvariant());
        driver.PerformActions(new ActionBuilder().AddAction(pen.CreatePointerUp(MouseButton.Left)).ToActionSequenceList());
    }

    /// <summary>Waits until the page shows the reading of the drawing as it is now, and returns the digit shown.</summary>
    public int ReadDigit()
    {
        Until(() => Script<bool>("return document.body.dataset.read === document.body.dataset.drawn"), "the page did not show a reading of the drawing");
        var text = driver.FindElement(By.Id("digit")).Text;
        return int.TryParse(text, out var digit) ? digit : throw new InvalidOperationException($"The page shows '{text}' as the digit (status: {Status}).");
    }

    /// <summary>Changes of the drawing so far, and the change the shown reading belongs to.</summary>
    public (int Drawn, int Read) Versions => (int.Parse(Script<string>("return document.body.dataset.drawn")), int.Parse(Script<string>("return document.body.dataset.read")));

    /// <summary>The ten bar widths as percentages, as the page shows them.</summary>
    public double[] Bars => driver.FindElements(By.CssSelector("#bars .value"))
        .Select(e => double.Parse(e.Text.TrimEnd('%', ' '), System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The ten bar labels as the page shows them.</summary>
    public IReadOnlyList<string> BarTexts => driver.FindElements(By.CssSelector("#bars .value")).Select(e => e.Text).ToList();

    /// <summary>The text of the prediction box.</summary>
    public string DigitText => driver.FindElement(By.Id("digit")).Text;

    /// <summary>The status line.</summary>
    public string Status => driver.FindElement(By.Id("status")).Text;

    /// <summary>Total ink (alpha) on the pad, read from the canvas.</summary>
    public long InkOnPad => Script<long>("const d = document.getElementById('pad').getContext('2d').getImageData(0, 0, 280, 280).data; let s = 0; for (let i = 3; i < d.length; i += 4) s += d[i]; return s;");

    /// <summary>Presses Clear.</summary>
    public void Clear() => driver.FindElement(By.Id("clear")).Click();

    /// <summary>Waits until the page footer shows the network's description.</summary>
    public void WaitForInfo() => Until(() => driver.FindElement(By.Id("info")).Text.Length > 0, "the page did not show the network's description");

    /// <summary>Saves a PNG of the browser window.</summary>
    public void Screenshot(string path) => driver.GetScreenshot().SaveAsFile(path);

    private T Script<T>(string script) => (T)Convert.ChangeType(driver.ExecuteScript(script)!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);

    private static void Until(Func<bool> condition, string failure)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience) throw new TimeoutException($"After {Patience.TotalSeconds} s: {failure}.");
            Thread.Sleep(20);
        }
    }
}
