using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using FlowDsl.IntegrationTests.Generated;
using FlowDsl.Models;
using FlowDsl.Simd;

namespace FlowDsl.Tests.Simd;

/// <summary>
/// The generated mean-field feature lanes: each lane of a Vector256/Vector512 tile gives the same bits as the scalar
/// width for that unit, and the scalar width matches the span kernels (Φ, ∇ₓΦ, ∇²ₓΦ·v).
/// </summary>
public class FeatureLanesTests
{
    private static double[] Unit(int d, int lane, double shift) => Enumerable.Range(0, d).Select(i => Math.Sin(1.3 * i + 0.7 * lane + shift)).ToArray();

    [Fact]
    public void Tanh_unit_lanes_match_the_span_kernels() =>
        LaneStepChecks.FeatureLanesMatchSpanKernels<TanhUnit.FeatureLanes, TanhUnit>(Unit(2, 0, 0.1), [0.4, -1.2], Unit(2, 1, 0.5));

    [Fact]
    public void Teacher_student_lanes_match_the_span_kernels() =>
        LaneStepChecks.FeatureLanesMatchSpanKernels<TeacherStudent.FeatureLanes, TeacherStudent>(Unit(10, 0, 0.2), Unit(8, 3, 0.9), Unit(10, 2, 0.4));

    [Fact]
    public void Every_lane_of_every_width_gives_the_scalar_bits()
    {
        AllWidths<TeacherStudent.FeatureLanes>(10, Unit(8, 5, 0.3));
        AllWidths<TanhUnit.FeatureLanes>(2, [0.4, -1.2]);
    }

    private static void AllWidths<TLanes>(int d, double[] θ) where TLanes : ILaneFeature
    {
        if (Vector256.IsHardwareAccelerated) Width<TLanes, V256Ops, Vector256<double>>(d, θ);
        if (Vector512.IsHardwareAccelerated) Width<TLanes, V512Ops, Vector512<double>>(d, θ);
    }

    private static void Width<TLanes, TOps, TVec>(int d, double[] θ) where TLanes : ILaneFeature where TOps : ISimdOps<TVec> where TVec : struct
    {
        var lanes = TOps.Count;
        var (x, v) = (new LaneTile<TVec>(), new LaneTile<TVec>());
        for (var i = 0; i < d; i++)
            for (var l = 0; l < lanes; l++)
            {
                Lane(ref Field(ref x, i), l) = Unit(d, l, 0.1)[i];
                Lane(ref Field(ref v, i), l) = Unit(d, l, 2.5)[i];
            }
        var (gradient, hvp) = (new LaneTile<TVec>(), new LaneTile<TVec>());
        var value = TLanes.Gradient<TOps, TVec>(in x, θ, ref gradient);
        TLanes.HessianVectorProduct<TOps, TVec>(in x, θ, in v, ref hvp);
        for (var l = 0; l < lanes; l++)
        {
            var (xs, vs) = (new LaneTile<double>(), new LaneTile<double>());
            for (var i = 0; i < d; i++) (Field(ref xs, i), Field(ref vs, i)) = (Unit(d, l, 0.1)[i], Unit(d, l, 2.5)[i]);
            var (gs, hs) = (new LaneTile<double>(), new LaneTile<double>());
            var vsValue = TLanes.Gradient<ScalarOps, double>(in xs, θ, ref gs);
            TLanes.HessianVectorProduct<ScalarOps, double>(in xs, θ, in vs, ref hs);
            Assert.Equal(BitConverter.DoubleToInt64Bits(vsValue), BitConverter.DoubleToInt64Bits(Lane(ref value, l)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(TLanes.Value<ScalarOps, double>(in xs, θ)), BitConverter.DoubleToInt64Bits(Lane(ref value, l)));
            for (var i = 0; i < d; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(Field(ref gs, i)), BitConverter.DoubleToInt64Bits(Lane(ref Field(ref gradient, i), l)));
                Assert.Equal(BitConverter.DoubleToInt64Bits(Field(ref hs, i)), BitConverter.DoubleToInt64Bits(Lane(ref Field(ref hvp, i), l)));
            }
        }
    }

    private static ref T Field<T>(ref LaneTile<T> tile, int i) where T : struct => ref Unsafe.Add(ref tile.X0, i);
    private static ref double Lane<T>(ref T vector, int l) where T : struct => ref Unsafe.Add(ref Unsafe.As<T, double>(ref vector), l);
}
