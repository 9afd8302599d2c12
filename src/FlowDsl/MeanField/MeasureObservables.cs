namespace FlowDsl.MeanField;

/// <summary>Functionals of the empirical measure <c>νⁿ = (1/n) Σₖ δ_{xₖ}</c> of a configuration x (row-major n×d).</summary>
public static class MeasureObservables
{
    /// <summary><c>⟨φ, νⁿ⟩ = (1/n) Σₖ φ(xₖ)</c>.</summary>
    public static double Integrate(ReadOnlySpan<double> x, int dimension, ParticleFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var n = ParticleCount(x, dimension);
        var sum = 0.0;
        for (var k = 0; k < n; k++) sum += function(x.Slice(k * dimension, dimension));
        return sum / n;
    }

    /// <summary><c>(1/n) Σₖ xₖᵢ</c>.</summary>
    public static double Mean(ReadOnlySpan<double> x, int dimension, int coordinate)
    {
        var n = ParticleCount(x, dimension);
        CheckCoordinate(coordinate, dimension);
        var sum = 0.0;
        for (var k = 0; k < n; k++) sum += x[k * dimension + coordinate];
        return sum / n;
    }

    /// <summary>The vector mean <c>m = (1/n) Σₖ xₖ</c> into <paramref name="destination"/> (length d).</summary>
    public static void Mean(ReadOnlySpan<double> x, int dimension, Span<double> destination)
    {
        var n = ParticleCount(x, dimension);
        if (destination.Length != dimension)
            throw new ArgumentException($"The mean has {dimension} coordinates; the destination has {destination.Length}.", nameof(destination));
        destination.Clear();
        for (var k = 0; k < n; k++)
            for (var i = 0; i < dimension; i++) destination[i] += x[k * dimension + i];
        for (var i = 0; i < dimension; i++) destination[i] /= n;
    }

    /// <summary><c>(1/n) Σₖ xₖᵢ xₖⱼ</c>.</summary>
    public static double SecondMoment(ReadOnlySpan<double> x, int dimension, int i, int j)
    {
        var n = ParticleCount(x, dimension);
        CheckCoordinate(i, dimension);
        CheckCoordinate(j, dimension);
        var sum = 0.0;
        for (var k = 0; k < n; k++) sum += x[k * dimension + i] * x[k * dimension + j];
        return sum / n;
    }

    /// <summary>The network output <c>f_ν(θ*) = (1/n) Σₖ Φ(θ*, xₖ)</c>.</summary>
    public static double Output<TModel>(ReadOnlySpan<double> x, ReadOnlySpan<double> probe) where TModel : IMeanFieldModel
    {
        var d = TModel.Layout.ParameterCount;
        if (probe.Length != TModel.Layout.DataCount)
            throw new ArgumentException($"{TModel.Name} expects probe inputs of length {TModel.Layout.DataCount}, got {probe.Length}.", nameof(probe));
        var n = ParticleCount(x, d);
        var sum = 0.0;
        for (var k = 0; k < n; k++) sum += TModel.Feature(x.Slice(k * d, d), probe);
        return sum / n;
    }

    /// <summary>The risk <c>𝓔(νⁿ) = ½ Σⱼ pⱼ (f(θⱼ) − f_ν(θⱼ))²</c>.</summary>
    public static double Risk<TModel>(ReadOnlySpan<double> x, MeanFieldData data) where TModel : IMeanFieldModel
    {
        ArgumentNullException.ThrowIfNull(data);
        var sum = 0.0;
        var weights = data.Weights;
        var targets = data.Targets;
        for (var j = 0; j < data.Count; j++)
        {
            var r = targets[j] - Output<TModel>(x, data.Atom(j));
            sum += weights[j] * r * r;
        }
        return 0.5 * sum;
    }

    private static int ParticleCount(ReadOnlySpan<double> x, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (x.Length == 0 || x.Length % dimension != 0)
            throw new ArgumentException($"A configuration of particles of dimension {dimension} needs a positive multiple of {dimension} numbers, got {x.Length}.", nameof(x));
        return x.Length / dimension;
    }

    private static void CheckCoordinate(int coordinate, int dimension)
    {
        if ((uint)coordinate >= (uint)dimension)
            throw new ArgumentOutOfRangeException(nameof(coordinate), coordinate, $"A coordinate must lie in [0, {dimension}).");
    }
}
