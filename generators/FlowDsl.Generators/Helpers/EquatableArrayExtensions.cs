using System;
using System.Collections.Generic;
using FlowDsl.Symbolic.Helpers;

namespace FlowDsl.Generators.Helpers;

internal static class EquatableArrayExtensions
{
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) where T : IEquatable<T> => new(items);
}
