namespace FlowDsl.Mnist;

/// <summary>The <c>--help</c> text of the sample and of each command (options, defaults; see README.md for the details).</summary>
public static class Usage
{
    /// <summary>True when the arguments ask for help (<c>--help</c>, <c>-h</c> or <c>-?</c> anywhere, or the word <c>help</c> first).</summary>
    public static bool Requested(string[] args) =>
        args.Any(a => a is "--help" or "-h" or "-?") || args is ["help", ..];

    /// <summary>The help of <paramref name="command"/> (train, flows, bridge, costs), or of the whole sample when it is null or unknown.</summary>
    public static string For(string? command) => command switch
    {
        "train" => Train,
        "bridge" => Bridge,
        "flows" => Flows,
        "costs" => Costs,
        _ => General,
    };

    private const string General = """
        FlowDsl.Mnist — minibatch SGD on the DSL-declared MNIST network, and the bridge to the SME-2/SMF-2 theory.
        Usage: FlowDsl.Mnist [command] [--name value …]     (options are written --name value)
        Commands:
          train    (default) minibatch SGD with the generated kernels; learning-curve plot and CSV
          flows    minibatch SGD against GF, SME-1, SME-2 and SMF-2 on all training digits, matrix-free, on an α-ladder
          bridge   the SME-2/SMF-2 drift correction on MNIST and SGD versus SMF-2 from the same start
          costs    the cost of one HVP relative to one gradient and one value (thread CPU time)
        FlowDsl.Mnist <command> --help shows the command's options. Invalid input: a one-line error, exit code 2.
        """;

    private const string Train = """
        FlowDsl.Mnist train — minibatch SGD on MnistMlp (16x16) or MnistMlpWide (64x32).
          --width 16x16|64x32            network (default 64x32)
          --kernels generated|handwritten  gradient kernels (default generated)
          --alpha α                      learning rate, > 0 (default 2)
          --batch B                      minibatch size (default 16)
          --steps N                      SGD steps (default 8000; 60k and 1_000 are accepted)
          --epochs E                     shuffle per epoch for E epochs instead of drawing with replacement
          --seed s                       seed of every random draw, 0 … 2⁶⁴ − 1 (default 1)
          --threads j                    worker threads (default: all cores; results do not depend on it)
          --evaluations k                test-set evaluations along the run (default 8)
          --target p                     test accuracy in % whose first crossing is timed (default 93)
          --stop-at-target               end training at that evaluation point
          --data folder                  IDX files (default: the digits shipped with the sample)
          --out folder                   plots and CSV (default ./flowdsl-output/mnist)
          --save file                    the trained parameters (FlowDsl weights format)
        """;

    private const string Bridge = """
        FlowDsl.Mnist bridge — the SME-2/SMF-2 correction −(α/2)∇²R∇R on MNIST, and SGD versus SMF-2.
          --width 16x16|64x32            network (default 16x16)
          --kernels generated|handwritten  kernels (default generated)
          --pretrain-steps N             minibatch steps before the comparison (default 1000)
          --atoms N                      training digits in the empirical law of the comparison (default 64)
          --alpha α                      learning rate, > 0 (default 0.1)
          --sgd-steps N                  SGD steps compared (default 40)
          --substeps K                   SH2 steps per SGD step, h = α/K (default 4)
          --paths n                      paths of SGD and of SMF-2 (default 32)
          --probes n                     test digits in the observable (default 500)
          --correction-samples n         digits in the mean risk of the correction (default 1000)
          --seed s  --threads j  --data folder
          --out folder                   plots and CSV (default ./flowdsl-output/mnist-bridge)
        """;

    private const string Flows = """
        FlowDsl.Mnist flows — minibatch SGD against its continuous models on the empirical law of the training digits
        (NetworkFlowStudy, matrix-free): ê = E f(SGD) − E f(model) ± SE for the test risk and test accuracy at time T.
          --width 16x16|64x32            network (default 16x16)
          --kernels generated|handwritten  kernels (default generated)
          --pretrain-steps N             minibatch steps (α = 2, B = 16) that give the starting point (default 2000)
          --batch B                      minibatch size of the compared SGD (default 1024)
          --horizon T                    time horizon, > 0 (default 2)
          --ladder N1,N2,…               SGD steps per level, α = T/N, each dividing the largest (default 2,4,8)
          --substeps K                   SH2 steps per SGD step, h = α/K (default 2)
          --paths n                      paths per level (default 24)
          --models GF,SME-1,SME-2,SMF-1,SMF-2  models compared with SGD (default GF,SME-1,SME-2,SMF-2)
          --memory-limit-mb M            refuse up front a run whose estimate exceeds M MiB
          --time-limit-min t             refuse up front a run whose estimate exceeds t minutes
          --seed s  --threads j  --data folder
          --out folder                   table, CSV and plots (default ./flowdsl-output/mnist-flows)
        """;

    private const string Costs = """
        FlowDsl.Mnist costs — thread CPU time of one value, one gradient and one HVP of the generated kernels.
          --rounds n                     timing rounds (default 5)
          --data folder                  IDX files (default: the digits shipped with the sample)
        """;
}
