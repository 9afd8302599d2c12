namespace FlowDsl.MeanField;

/// <summary>A test function φ(x) of one particle x ∈ ℝᵈ, integrated against the empirical measure.</summary>
public delegate double ParticleFunction(ReadOnlySpan<double> particle);
