using static FlowDsl.Ops;

namespace FlowDsl.Models;

/// <summary>The talk's MNIST toy: a 784-16-16-10 sigmoid network with quadratic loss (math.md §9).</summary>
[FlowModel]
public partial class MnistMlp
{
    [Risk]
    public static double R([Dim(16, 784)] Mat W1, [Dim(16)] Vec b1,
                           [Dim(16, 16)] Mat W2, [Dim(16)] Vec b2,
                           [Dim(10, 16)] Mat W3, [Dim(10)] Vec b3,
                           [Data, Dim(784)] Vec image, [Data, Dim(10)] Vec label)
    {
        var h1 = Sigmoid(W1 * image + b1);
        var h2 = Sigmoid(W2 * h1 + b2);
        var o = Sigmoid(W3 * h2 + b3);
        return 0.5 * SquaredNorm(o - label);
    }
}
