using OpenQA.Selenium.Chrome;

namespace FlowDsl.Digits.Tests.Browser;

/// <summary>
/// Debian's chromium driven through its chromedriver (packages chromium and chromium-driver; .ci/run installs them when
/// missing). Nothing is downloaded: both paths are given to Selenium, so its driver manager is never asked.
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] Browsers = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    private static readonly string[] Drivers = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];

    /// <summary>A new headless browser with a window of <paramref name="width"/>×<paramref name="height"/>.</summary>
    /// <exception cref="InvalidOperationException">chromium or chromedriver is not installed; the message says how to install them.</exception>
    public static ChromeDriver Start(int width = 820, int height = 760)
    {
        InstallWhenMissing();
        var browser = Browsers.FirstOrDefault(File.Exists);
        var driver = Drivers.FirstOrDefault(File.Exists);
        if (browser is null || driver is null)
            throw new InvalidOperationException(
                "The browser test needs Debian's chromium and chromedriver: apt-get install -y chromium chromium-driver (.ci/run does this when they are missing).");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-extensions", "--no-first-run", "--hide-scrollbars", $"--window-size={width},{height}");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static readonly object InstallLock = new();

    /// <summary>
    /// On a Debian machine where the tests run as root (a fresh developer machine, CI), installs chromium and
    /// chromium-driver from Debian's packages once, so `dotnet test` needs nothing but the .NET SDK there.
    /// Elsewhere nothing is done and <see cref="Start"/> says what to install.
    /// </summary>
    private static void InstallWhenMissing()
    {
        lock (InstallLock)
        {
            if (Browsers.Any(File.Exists) && Drivers.Any(File.Exists)) return;
            if (!File.Exists("/usr/bin/apt-get") || Environment.UserName != "root") return;
            Run("apt-get", "update -qq");
            Run("apt-get", "install -y -qq chromium chromium-driver");
        }
    }

    private static void Run(string file, string arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {arguments} did not finish within 10 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error.Result.Trim()} {output.Result.Trim()}");
    }
}
