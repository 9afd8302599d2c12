using System.Globalization;

namespace FlowDsl.Study;

/// <summary>
/// The dense study (<see cref="Study.WeakErrorStudy{TModel}"/>) forms Σ(x) and Σ^{1/2}(x) as d×d matrices and takes an
/// eigendecomposition per solver step. Past d = <see cref="MaximumDimension"/> that is gigabytes per worker and O(d³)
/// per step, so it is refused up front and the matrix-free <c>FlowDsl.Network.NetworkFlowStudy</c> is named instead
/// (named, not referenced: the network layer sits above this one).
/// </summary>
public static class DenseStudyGuard
{
    /// <summary>The largest d the dense study accepts (a 4,096² matrix of doubles is 128 MiB).</summary>
    public const int MaximumDimension = 4096;

    /// <summary>Throws <see cref="InvalidOperationException"/> when d is past <see cref="MaximumDimension"/>.</summary>
    public static void ThrowIfTooLarge(int d, int threads, string model)
    {
        if (d <= MaximumDimension) return;
        var perWorker = 4L * d * d * sizeof(double); // Σ, Σ^{1/2} and the eigen-solver workspace (2d² + d)
        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"Refused before starting: WeakErrorStudy<{model}> forms dense d×d matrices (Σ(x), Σ^{{1/2}}(x) and an eigen-solver workspace: " +
            $"≈ {perWorker / (double)(1L << 30):F2} GiB per worker, {Math.Max(1, threads)} worker(s), and an O(d³) eigendecomposition per solver step) for d = {d:N0} > {MaximumDimension:N0}; " +
            $"use the matrix-free NetworkFlowStudy.For<{model}>() (O(d) memory per worker: factor noise over the atoms, Hessian-vector products)."));
    }
}
