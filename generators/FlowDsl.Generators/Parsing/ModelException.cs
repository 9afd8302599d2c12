using System;
using FlowDsl.Generators.Diagnostics;

namespace FlowDsl.Generators.Parsing;

/// <summary>Stops lowering a body at the first construct outside the model language; carries its diagnostic.</summary>
internal sealed class ModelException(DiagnosticInfo diagnostic) : Exception(diagnostic.Id)
{
    public DiagnosticInfo Diagnostic { get; } = diagnostic;
}
