using FlowDsl.Mnist.Training;
using FlowDsl.Study;

namespace FlowDsl.Mnist.Flows;

/// <summary>The observables of `flows`: mean risk ½|out − y|² and accuracy on the held-out test digits, at time T.</summary>
public static class TestSetObservables
{
    /// <summary>Name of the test-risk observable.</summary>
    public const string Risk = "test risk";
    /// <summary>Name of the test-accuracy observable.</summary>
    public const string Accuracy = "test accuracy";

    /// <summary>f(x) = (1/n)Σᵢ R(x, θᵢ) over the test digits.</summary>
    public static Observable TestRisk<TModel>(double[] test) where TModel : IRiskModel
    {
        var length = TModel.Layout.DataCount;
        var count = test.Length / length;
        return Observable.OnePoint(Risk, x =>
        {
            var sum = 0.0;
            for (var i = 0; i < count; i++) sum += TModel.Risk(x, test.AsSpan(i * length, length));
            return sum / count;
        });
    }

    /// <summary>f(x) = the fraction of test digits classified correctly (argmax of the output, via <see cref="Classifier"/>).</summary>
    public static Observable TestAccuracy<TModel>(double[] test) where TModel : IRiskModel =>
        Observable.OnePoint(Accuracy, x => Classifier.Evaluate<TModel>(x.ToArray(), test, MnistData.Classes, threads: 1).Accuracy);
}
