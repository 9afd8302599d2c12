using System;
using System.Collections.Generic;
using System.Linq;

namespace FlowDsl.Symbolic.Scheduling;

/// <summary>
/// A straight-line program: the entries in dependency order and the slots of the named outputs. Value-equatable,
/// so it can cross an incremental-generator stage.
/// </summary>
public sealed class LetList : IEquatable<LetList>
{
    private readonly LetEntry[] _entries;
    private readonly LetOutput[] _outputs;

    public LetList(IEnumerable<LetEntry> entries, IEnumerable<LetOutput> outputs)
    {
        _entries = entries.ToArray();
        _outputs = outputs.ToArray();
    }

    /// <summary>The bindings, operands before their users.</summary>
    public IReadOnlyList<LetEntry> Entries => _entries;

    /// <summary>The named results, each the slot of an entry.</summary>
    public IReadOnlyList<LetOutput> Outputs => _outputs;

    public bool Equals(LetList? other) =>
        other is not null && _entries.SequenceEqual(other._entries) && _outputs.SequenceEqual(other._outputs);

    public override bool Equals(object? obj) => Equals(obj as LetList);

    public override int GetHashCode()
    {
        var hash = _entries.Length * 31 + _outputs.Length;
        foreach (var e in _entries) hash = unchecked(hash * 17 + e.GetHashCode());
        return hash;
    }
}

/// <summary>A named result of a <see cref="LetList"/>.</summary>
/// <param name="Name">The output's name (for example the parameter block it is the gradient of).</param>
/// <param name="Slot">The entry holding the value.</param>
public readonly record struct LetOutput(string Name, int Slot);
