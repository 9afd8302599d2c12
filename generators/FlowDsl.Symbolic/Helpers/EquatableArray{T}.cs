using System;
using System.Collections;
using System.Collections.Generic;

namespace FlowDsl.Symbolic.Helpers;

/// <summary>
/// An immutable array with value equality and a hash code computed once, for models that cross incremental
/// generator stages (after CommunityToolkit.Mvvm / ComputeSharp <c>EquatableArray&lt;T&gt;</c>, MIT; the cached
/// hash is FlowDsl's addition because graphs are compared often and are large).
/// Cacheability contract: equal iff same length and pairwise <see cref="IEquatable{T}.Equals(T)"/>.
/// The hash is only for in-process use (string hashes are randomised per process); never name anything by it.
/// </summary>
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? _items;
    private readonly int _hash;

    /// <summary>Wraps a copy of <paramref name="items"/>.</summary>
    public EquatableArray(IEnumerable<T> items) : this(new List<T>(items).ToArray(), owned: true) { }

    private EquatableArray(T[] items, bool owned)
    {
        _items = items;
        int hash = items.Length;
        foreach (var item in items)
            hash = unchecked(hash * -1521134295 + (item is null ? 0 : item.GetHashCode()));
        _hash = hash;
    }

    /// <summary>An empty array.</summary>
    public static EquatableArray<T> Empty => new(Array.Empty<T>(), owned: true);

    /// <summary>Takes ownership of <paramref name="items"/> (the caller must not modify it afterwards).</summary>
    internal static EquatableArray<T> Own(T[] items) => new(items, owned: true);

    /// <summary>Number of items.</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>Item <paramref name="index"/>.</summary>
    public T this[int index] => (_items ?? Array.Empty<T>())[index];

    /// <inheritdoc/>
    public bool Equals(EquatableArray<T> other)
    {
        if (_hash != other._hash || Count != other.Count) return false;
        var mine = _items ?? Array.Empty<T>();
        var theirs = other._items ?? Array.Empty<T>();
        if (ReferenceEquals(mine, theirs)) return true;
        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < mine.Length; i++)
            if (!comparer.Equals(mine[i], theirs[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>Value equality.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>A copy of the items.</summary>
    public T[] ToArray() => (T[])(_items ?? Array.Empty<T>()).Clone();

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
