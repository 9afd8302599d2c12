namespace FlowDsl.Simd;

/// <summary>
/// The state of one tile of particles in structure-of-arrays form: field <c>Xi</c> holds coordinate i of every lane
/// (one particle per lane), for models with d ≤ 16. Kernels touch only the fields below their dimension; the JIT keeps
/// those in registers once the kernel is inlined, so a time-fused loop never goes back to memory between steps.
/// </summary>
/// <typeparam name="TVec"><see cref="double"/>, <c>Vector256&lt;double&gt;</c> or <c>Vector512&lt;double&gt;</c>.</typeparam>
public struct LaneTile<TVec> where TVec : struct
{
    /// <summary>The largest dimension a tile holds.</summary>
    public const int MaxDimension = 16;

    /// <summary>Coordinate 0 of every lane.</summary>
    public TVec X0;
    /// <summary>Coordinate 1 of every lane.</summary>
    public TVec X1;
    /// <summary>Coordinate 2 of every lane.</summary>
    public TVec X2;
    /// <summary>Coordinate 3 of every lane.</summary>
    public TVec X3;
    /// <summary>Coordinate 4 of every lane.</summary>
    public TVec X4;
    /// <summary>Coordinate 5 of every lane.</summary>
    public TVec X5;
    /// <summary>Coordinate 6 of every lane.</summary>
    public TVec X6;
    /// <summary>Coordinate 7 of every lane.</summary>
    public TVec X7;
    /// <summary>Coordinate 8 of every lane.</summary>
    public TVec X8;
    /// <summary>Coordinate 9 of every lane.</summary>
    public TVec X9;
    /// <summary>Coordinate 10 of every lane.</summary>
    public TVec X10;
    /// <summary>Coordinate 11 of every lane.</summary>
    public TVec X11;
    /// <summary>Coordinate 12 of every lane.</summary>
    public TVec X12;
    /// <summary>Coordinate 13 of every lane.</summary>
    public TVec X13;
    /// <summary>Coordinate 14 of every lane.</summary>
    public TVec X14;
    /// <summary>Coordinate 15 of every lane.</summary>
    public TVec X15;
}
