namespace FlowDsl;

/// <summary>
/// Marks a <c>partial</c> class as a stochastic-gradient model with a per-sample risk <c>R(x,θ)</c>.
/// The FlowDsl generator reads the <see cref="RiskAttribute"/> method and emits <c>Risk</c>, <c>Gradient</c>
/// (∇ₓR) and <c>HessianVectorProduct</c> (∇²ₓR·v) over flat spans, and makes the class an <see cref="IRiskModel"/>.
/// </summary>
/// <remarks>
/// Set <see cref="LaneSteps"/> to also get the fused SIMD steppers (<c>SgdLaneStep</c>, <c>Smf2LaneStep</c>, …) that
/// the fused drivers (<c>FusedSgd</c>, <c>FusedSmf</c>, <c>FusedSme</c>) run.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FlowModelAttribute : Attribute
{
    /// <summary>
    /// Also generate the fused lane steps (n-point and independent SGD, SMF-1/2, SME-1/2 where the model allows them;
    /// d ≤ 16). Off by default: they are several hundred lines of generated code that only the fused drivers use.
    /// </summary>
    public bool LaneSteps { get; set; }
}

/// <summary>
/// Marks a <c>partial</c> class as a mean-field (one-hidden-layer) network: a unit <c>Φ(θ,x)</c>
/// (<see cref="FeatureMapAttribute"/>) and a target <c>f(θ)</c> (<see cref="TargetAttribute"/>).
/// The generator makes the class an <see cref="IMeanFieldModel"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MeanFieldModelAttribute : Attribute;

/// <summary>The per-sample risk <c>R(x,θ)</c> of a <see cref="FlowModelAttribute"/> model: a static method returning <see cref="double"/>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RiskAttribute : Attribute;

/// <summary>The unit <c>Φ(θ,x)</c> of a <see cref="MeanFieldModelAttribute"/> model: a static method returning <see cref="double"/>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class FeatureMapAttribute : Attribute;

/// <summary>The target <c>f(θ)</c> of a <see cref="MeanFieldModelAttribute"/> model: a static method of the data only.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class TargetAttribute : Attribute;

/// <summary>
/// Marks a parameter as data <c>θ</c> (drawn from the law <c>P</c>). Every parameter without it is a
/// trainable parameter <c>x</c> and is differentiated.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class DataAttribute : Attribute;

/// <summary>
/// The compile-time shape of a <see cref="Vec"/> (<c>[Dim(n)]</c>) or <see cref="Mat"/> (<c>[Dim(rows, cols)]</c>) parameter.
/// Dimensions must be constants (literals or <c>const</c> fields).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class DimAttribute : Attribute
{
    /// <summary>A vector of length <paramref name="length"/>.</summary>
    public DimAttribute(int length) => Shape = [length];

    /// <summary>A matrix with <paramref name="rows"/> rows and <paramref name="cols"/> columns (row-major).</summary>
    public DimAttribute(int rows, int cols) => Shape = [rows, cols];

    /// <summary>The lengths: one entry for a vector, two (rows, cols) for a matrix.</summary>
    public IReadOnlyList<int> Shape { get; }
}

/// <summary>The data law <c>P</c> of a model: a static property or field of type <see cref="Law"/>. It can be replaced at run time.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class LawAttribute : Attribute;
