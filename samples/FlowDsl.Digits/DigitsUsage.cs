namespace FlowDsl.Digits;

/// <summary>The <c>--help</c> text of the demo (commands and options; README.md has the details).</summary>
public static class DigitsUsage
{
    /// <summary>True when the arguments ask for help (<c>--help</c>, <c>-h</c> or <c>-?</c> anywhere, or the word <c>help</c> first).</summary>
    public static bool Requested(string[] args) =>
        args.Any(a => a is "--help" or "-h" or "-?") || args is ["help", ..];

    /// <summary>The help text.</summary>
    public const string Text = """
        FlowDsl.Digits — draw a digit in the browser; the DSL-declared MNIST network reads it.
        Usage: FlowDsl.Digits [command] [--name value …]
        Commands:
          serve     (default) the web page on loopback; prints the URL
                      --urls url          where to listen (default http://127.0.0.1:5180)
                      --weights file      weights written by FlowDsl.Mnist -- train --save file
                      --train             ignore saved weights and train at start-up
                      --steps N --seed S  the start-up training (default 8000 steps, seed 1)
          evaluate  accuracy on the shipped MNIST test digits and, with --uci file, on the UCI optical digits
                      --weights file  --uci digits.csv.gz
          latency   p50/p99 of prediction requests against the app on loopback (with an in-process baseline)
                      --requests N (default 1000)  --warmup N (default 200)  --url http://127.0.0.1:port
        Without --weights the shipped weights are loaded; if they are missing the network is trained at start-up.
        Invalid input: a one-line error, exit code 2.
        """;
}
