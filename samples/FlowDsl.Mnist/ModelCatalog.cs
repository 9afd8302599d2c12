using FlowDsl.Benchmarks.Mnist;
using FlowDsl.Models;

namespace FlowDsl.Mnist;

/// <summary>Something to run on a model type chosen at run time (a generic "visitor", so the hot code stays generic).</summary>
public interface IModelAction<out TResult>
{
    /// <summary>Runs on <typeparamref name="TModel"/>.</summary>
    TResult Run<TModel>() where TModel : IRiskModel, IAccumulatingGradient;
}

/// <summary>The networks the sample can train: widths 16x16 (MnistMlp) or 64x32 (MnistMlpWide), generated or hand-written kernels.</summary>
public static class ModelCatalog
{
    /// <summary>The accepted values of --width.</summary>
    public static readonly string[] Widths = ["16x16", "64x32"];

    /// <summary>Runs <paramref name="action"/> on the chosen model.</summary>
    public static TResult Dispatch<TResult>(string width, string kernels, IModelAction<TResult> action) => (width, kernels) switch
    {
        ("16x16", "handwritten") => action.Run<HandWrittenMlp<Mlp16x16>>(),
        ("64x32", "handwritten") => action.Run<HandWrittenMlp<Mlp64x32>>(),
        ("16x16", "generated") => action.Run<MnistMlp>(),
        ("64x32", "generated") => action.Run<MnistMlpWide>(),
        _ => throw new ArgumentException($"Unknown model: --width {width} --kernels {kernels}; widths are {string.Join(", ", Widths)}, kernels 'generated' or 'handwritten'."),
    };
}
