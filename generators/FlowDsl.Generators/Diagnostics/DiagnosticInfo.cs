using System;
using System.Linq;
using FlowDsl.Generators.Helpers;
using FlowDsl.Symbolic.Helpers;
using Microsoft.CodeAnalysis;

namespace FlowDsl.Generators.Diagnostics;

/// <summary>A diagnostic as equatable values: the descriptor's id, where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments) =>
        new(descriptor.Id, location, arguments.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticDescriptors.ById(Id), Location?.ToLocation(), Arguments.Cast<object>().ToArray());
}
