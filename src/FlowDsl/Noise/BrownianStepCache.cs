using System.Runtime.CompilerServices;

namespace FlowDsl.Noise;

/// <summary>
/// One worker's coarse Brownian increments of one (path, stream), drawn a chunk of steps at a time by
/// <see cref="BrownianSteps"/> and served step by step: the same numbers as <see cref="BrownianSource.Increment"/>.
/// Simulators keep one per noise stream they read, so the per-step draw is a slice of a buffer.
/// </summary>
internal sealed class BrownianStepCache
{
    /// <summary>At most this many doubles per chunk (32 KiB): long paths and wide noise are drawn in pieces.</summary>
    private const int ChunkDoubles = 4096;

    private readonly BrownianSource _source;
    private readonly BrownianNormalCache? _normals;
    private readonly int _finePerStep, _steps, _components, _chunk;
    private readonly double[] _buffer;
    private int _path = -1, _first, _count;
    private uint _stream;

    /// <param name="source">The Brownian path.</param>
    /// <param name="finePerStep">Fine steps per coarse step.</param>
    /// <param name="steps">Coarse steps per path.</param>
    /// <param name="components">Components read per step (the first c of the stream).</param>
    /// <param name="normals">The study's kept fine normals, used when they belong to <paramref name="source"/>'s paths.</param>
    public BrownianStepCache(BrownianSource source, int finePerStep, int steps, int components, BrownianNormalCache? normals = null)
    {
        _source = source;
        _normals = normals is not null && normals.Serves(source) ? normals : null;
        _finePerStep = finePerStep;
        _steps = steps;
        _components = components;
        _chunk = Math.Clamp(ChunkDoubles / Math.Max(components, 1), 1, Math.Max(steps, 1));
        _buffer = new double[_chunk * components];
    }

    /// <summary>The increment of coarse step <paramref name="step"/> of (<paramref name="path"/>, <paramref name="stream"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<double> Step(int path, uint stream, int step)
    {
        if (path != _path || stream != _stream || step < _first || step >= _first + _count) Draw(path, stream, step);
        return _buffer.AsSpan((step - _first) * _components, _components);
    }

    /// <summary><see cref="Step"/> copied into <paramref name="destination"/> (a single component without a copy call: simulators ask every step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CopyStep(int path, uint stream, int step, Span<double> destination)
    {
        var increments = Step(path, stream, step);
        if (increments.Length == 1) destination[0] = increments[0];
        else increments.CopyTo(destination);
    }

    // The chunk of steps from step on (out of line: once per chunk, not once per step).
    private void Draw(int path, uint stream, int step)
    {
        _path = path;
        _stream = stream;
        _first = step;
        _count = Math.Min(_chunk, _steps - step);
        if (_normals?.Normals(BrownianSteps.Key(_source, path), stream, _components) is { Array: not null } rows)
            BrownianSteps.Sum(rows, _source.FineSteps, BrownianSteps.Scale(_source, path), step, _finePerStep, _count, _components, _buffer);
        else
            BrownianSteps.Fill(_source, path, stream, step, _finePerStep, _count, _components, _buffer);
    }
}
