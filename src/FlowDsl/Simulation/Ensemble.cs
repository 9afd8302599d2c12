namespace FlowDsl.Simulation;

/// <summary>
/// A set of particles in structure-of-arrays layout: one array per coordinate, particles contiguous. Particle
/// <c>k = path·PointsPerPath + point</c>, so the points of one Monte Carlo path are neighbours.
/// </summary>
public sealed class Ensemble
{
    private readonly double[][] _coordinates;

    /// <summary>An ensemble of <paramref name="paths"/> × <paramref name="pointsPerPath"/> particles in ℝ^<paramref name="dimension"/>, all zero.</summary>
    public Ensemble(int dimension, int paths, int pointsPerPath)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension d must be at least 1.");
        if (paths < 1) throw new ArgumentOutOfRangeException(nameof(paths), paths, "The number of paths must be at least 1.");
        if (pointsPerPath < 1) throw new ArgumentOutOfRangeException(nameof(pointsPerPath), pointsPerPath, "The number of points per path must be at least 1.");
        Dimension = dimension;
        Paths = paths;
        PointsPerPath = pointsPerPath;
        _coordinates = new double[dimension][];
        for (var i = 0; i < dimension; i++) _coordinates[i] = new double[checked(paths * pointsPerPath)];
    }

    /// <summary>Every path starts at the same points <paramref name="startingPoints"/> (each of length d).</summary>
    public static Ensemble Repeat(IReadOnlyList<double[]> startingPoints, int paths)
    {
        ArgumentNullException.ThrowIfNull(startingPoints);
        if (startingPoints.Count == 0) throw new ArgumentException("At least one starting point is needed.", nameof(startingPoints));
        var d = startingPoints[0].Length;
        var ensemble = new Ensemble(d, paths, startingPoints.Count);
        for (var p = 0; p < startingPoints.Count; p++)
        {
            if (startingPoints[p].Length != d)
                throw new ArgumentException($"Starting point {p} has length {startingPoints[p].Length}; point 0 has length {d}.", nameof(startingPoints));
            for (var path = 0; path < paths; path++) ensemble.Store(path * startingPoints.Count + p, startingPoints[p]);
        }
        return ensemble;
    }

    /// <summary>d: coordinates per particle.</summary>
    public int Dimension { get; }
    /// <summary>Number of independent Monte Carlo paths.</summary>
    public int Paths { get; }
    /// <summary>Starting points per path (n of the n-point motion).</summary>
    public int PointsPerPath { get; }
    /// <summary>Total number of particles.</summary>
    public int Count => Paths * PointsPerPath;

    /// <summary>All values of coordinate <paramref name="coordinate"/>, one per particle.</summary>
    public Span<double> Coordinate(int coordinate) => _coordinates[coordinate];

    /// <summary>Copies particle <paramref name="particle"/> into <paramref name="x"/> (length d).</summary>
    public void Load(int particle, Span<double> x)
    {
        for (var i = 0; i < x.Length; i++) x[i] = _coordinates[i][particle];
    }

    /// <summary>Writes <paramref name="x"/> (length d) as particle <paramref name="particle"/>.</summary>
    public void Store(int particle, ReadOnlySpan<double> x)
    {
        for (var i = 0; i < x.Length; i++) _coordinates[i][particle] = x[i];
    }

    /// <summary>Particle <paramref name="particle"/> as a new array.</summary>
    public double[] Particle(int particle)
    {
        var x = new double[Dimension];
        Load(particle, x);
        return x;
    }

    /// <summary>A deep copy.</summary>
    public Ensemble Clone()
    {
        var copy = new Ensemble(Dimension, Paths, PointsPerPath);
        for (var i = 0; i < Dimension; i++) _coordinates[i].CopyTo(copy._coordinates[i], 0);
        return copy;
    }
}
