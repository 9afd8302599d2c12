using FlowDsl.Random;

namespace FlowDsl;

public abstract partial class Law
{
    /// <summary>The Rademacher law on {−1, +1}, each with probability ½ (scaled by <paramref name="scale"/>).</summary>
    public static RademacherLaw Rademacher(double scale = 1.0) => new(scale);
}

/// <summary>θ = ±scale with probability ½ each: a symmetric two-point law (math.md §6.3, §6.8).</summary>
public sealed class RademacherLaw : Law
{
    /// <summary>θ = ±<paramref name="scale"/>.</summary>
    public RademacherLaw(double scale)
    {
        if (!double.IsFinite(scale) || scale <= 0)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The Rademacher scale must be a positive finite number.");
        Scale = scale;
    }

    /// <summary>The magnitude of θ.</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override int Dimension => 1;

    /// <summary>E θ = 0.</summary>
    public override double[] Mean => [0.0];

    /// <summary>Var θ = scale².</summary>
    public override double[,] Covariance => new[,] { { Scale * Scale } };

    /// <inheritdoc/>
    public override Quadrature Support => new([0.5, 0.5], [[-Scale], [Scale]]);

    /// <inheritdoc/>
    public override void Sample(ref CounterRng random, Span<double> destination)
    {
        CheckDestination(destination);
        destination[0] = random.NextUniform() < 0.5 ? -Scale : Scale;
    }
}
