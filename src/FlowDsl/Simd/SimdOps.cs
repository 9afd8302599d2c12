using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FlowDsl.Simd;

/// <summary>One lane: plain <see cref="double"/> arithmetic, the reference every vector width must match bit for bit.</summary>
public readonly struct ScalarOps : ISimdOps<double>
{
    private static double D(ulong bits) => BitConverter.UInt64BitsToDouble(bits);
    private static ulong U(double value) => BitConverter.DoubleToUInt64Bits(value);
    private static double Mask(bool condition) => D(condition ? ulong.MaxValue : 0UL);

    /// <inheritdoc/>
    public static int Count => 1;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Broadcast(double value) => value;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double BroadcastBits(ulong bits) => D(bits);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double IotaBits(ulong start) => D(start);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Load(ref readonly double source) => source;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double value, ref double destination) => destination = value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(double even, double odd, ref double destination)
    {
        destination = even;
        Unsafe.Add(ref destination, 1) = odd;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Add(double a, double b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sub(double a, double b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Mul(double a, double b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Div(double a, double b) => a / b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sqrt(double a) => Math.Sqrt(a);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Round(double a) => Math.Round(a, MidpointRounding.ToEven);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double LessThan(double a, double b) => Mask(a < b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double GreaterThan(double a, double b) => Mask(a > b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double EqualTo(double a, double b) => Mask(a == b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(double mask) => U(mask) == ulong.MaxValue;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Select(double mask, double a, double b) => U(mask) != 0 ? a : b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double And(double a, double b) => D(U(a) & U(b));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Or(double a, double b) => D(U(a) | U(b));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Xor(double a, double b) => D(U(a) ^ U(b));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double AddBits(double a, double b) => D(U(a) + U(b));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double ShiftLeft(double a, byte count) => D(U(a) << count);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double ShiftRight(double a, byte count) => D(U(a) >> count);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MultiplyLow32(double a, double b) => D((ulong)(uint)U(a) * (uint)U(b));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MultiplyBits(double a, double b) => D(unchecked(U(a) * U(b)));
}

/// <summary>Four lanes in a <see cref="Vector256{T}"/> (AVX2 + FMA on x64).</summary>
public readonly struct V256Ops : ISimdOps<Vector256<double>>
{
    /// <inheritdoc/>
    public static int Count => Vector256<double>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Broadcast(double value) => Vector256.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> BroadcastBits(ulong bits) => Vector256.Create(bits).AsDouble();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> IotaBits(ulong start) => Vector256.Create(start, start + 1, start + 2, start + 3).AsDouble();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Load(ref readonly double source) => Vector256.LoadUnsafe(in source);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Vector256<double> even, Vector256<double> odd, ref double destination)
    {
        if (Avx2.IsSupported)
        {
            var low = Avx.UnpackLow(even, odd);    // e0 o0 e2 o2
            var high = Avx.UnpackHigh(even, odd);  // e1 o1 e3 o3
            Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref destination);
            Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref destination, 4);
            return;
        }
        for (var i = 0; i < 4; i++)
        {
            Unsafe.Add(ref destination, 2 * i) = even.GetElement(i);
            Unsafe.Add(ref destination, 2 * i + 1) = odd.GetElement(i);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sub(Vector256<double> a, Vector256<double> b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Div(Vector256<double> a, Vector256<double> b) => a / b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Round(Vector256<double> a) => Vector256.Round(a);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> EqualTo(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(Vector256<double> mask) => Vector256.EqualsAll(mask.AsUInt64(), Vector256<ulong>.AllBitsSet);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Select(Vector256<double> mask, Vector256<double> a, Vector256<double> b) => Vector256.ConditionalSelect(mask, a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => a & b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Xor(Vector256<double> a, Vector256<double> b) => a ^ b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> AddBits(Vector256<double> a, Vector256<double> b) => (a.AsUInt64() + b.AsUInt64()).AsDouble();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> ShiftLeft(Vector256<double> a, byte count) => Vector256.ShiftLeft(a.AsUInt64(), count).AsDouble();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> ShiftRight(Vector256<double> a, byte count) => Vector256.ShiftRightLogical(a.AsUInt64(), count).AsDouble();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> MultiplyBits(Vector256<double> a, Vector256<double> b) => (a.AsUInt64() * b.AsUInt64()).AsDouble();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyLow32(Vector256<double> a, Vector256<double> b)
    {
        if (Avx2.IsSupported) return Avx2.Multiply(a.AsUInt32(), b.AsUInt32()).AsDouble();
        var low = Vector256.Create(0xFFFF_FFFFUL);
        return ((a.AsUInt64() & low) * (b.AsUInt64() & low)).AsDouble();
    }
}

/// <summary>Eight lanes in a <see cref="Vector512{T}"/> (AVX-512F on x64).</summary>
public readonly struct V512Ops : ISimdOps<Vector512<double>>
{
    /// <inheritdoc/>
    public static int Count => Vector512<double>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Broadcast(double value) => Vector512.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> BroadcastBits(ulong bits) => Vector512.Create(bits).AsDouble();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> IotaBits(ulong start) =>
        (Vector512.Create(start) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7)).AsDouble();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Load(ref readonly double source) => Vector512.LoadUnsafe(in source);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Vector512<double> even, Vector512<double> odd, ref double destination)
    {
        if (Avx512F.IsSupported)
        {
            var lowIndex = Vector512.Create(0L, 8, 1, 9, 2, 10, 3, 11);
            var highIndex = Vector512.Create(4L, 12, 5, 13, 6, 14, 7, 15);
            Avx512F.PermuteVar8x64x2(even, lowIndex, odd).StoreUnsafe(ref destination);
            Avx512F.PermuteVar8x64x2(even, highIndex, odd).StoreUnsafe(ref destination, 8);
            return;
        }
        for (var i = 0; i < 8; i++)
        {
            Unsafe.Add(ref destination, 2 * i) = even.GetElement(i);
            Unsafe.Add(ref destination, 2 * i + 1) = odd.GetElement(i);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sub(Vector512<double> a, Vector512<double> b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Mul(Vector512<double> a, Vector512<double> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Div(Vector512<double> a, Vector512<double> b) => a / b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Round(Vector512<double> a) => Vector512.Round(a);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> EqualTo(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(Vector512<double> mask) => Vector512.EqualsAll(mask.AsUInt64(), Vector512<ulong>.AllBitsSet);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Select(Vector512<double> mask, Vector512<double> a, Vector512<double> b) => Vector512.ConditionalSelect(mask, a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => a & b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Xor(Vector512<double> a, Vector512<double> b) => a ^ b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> AddBits(Vector512<double> a, Vector512<double> b) => (a.AsUInt64() + b.AsUInt64()).AsDouble();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> ShiftLeft(Vector512<double> a, byte count) => Vector512.ShiftLeft(a.AsUInt64(), count).AsDouble();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> ShiftRight(Vector512<double> a, byte count) => Vector512.ShiftRightLogical(a.AsUInt64(), count).AsDouble();
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> MultiplyBits(Vector512<double> a, Vector512<double> b) => (a.AsUInt64() * b.AsUInt64()).AsDouble();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyLow32(Vector512<double> a, Vector512<double> b)
    {
        if (Avx512F.IsSupported) return Avx512F.Multiply(a.AsUInt32(), b.AsUInt32()).AsDouble();
        var low = Vector512.Create(0xFFFF_FFFFUL);
        return ((a.AsUInt64() & low) * (b.AsUInt64() & low)).AsDouble();
    }
}
