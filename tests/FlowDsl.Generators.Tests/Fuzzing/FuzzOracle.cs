namespace FlowDsl.Generators.Tests.Fuzzing;

/// <summary>What the finite-difference check found at one point.</summary>
internal enum PointVerdict
{
    /// <summary>Every generated value and derivative agrees with the user's own method.</summary>
    Agrees,
    /// <summary>A value or derivative disagrees although the finite differences converged there.</summary>
    Disagrees,
    /// <summary>Not checkable here: a non-finite value, or finite differences at h and h/4 that disagree (a kink, a pole).</summary>
    Unverifiable,
}

/// <summary>
/// The fuzzer's oracle: a mutated model's generated Risk/Gradient/HVP/DJP (or Φ, ∇ₓΦ, ∇²ₓΦ·v, f) against the user's
/// own method at a random point, by fourth-order central differences at two step sizes h and h/4. Mutants may have
/// poles, kinks and overflow, so a point where the two estimates do not agree with each other (or anything is
/// non-finite) proves nothing and is reported as <see cref="PointVerdict.Unverifiable"/>, never as a pass or a failure.
/// <para>
/// Each difference quotient also carries its rounding error, about 1.5·η·M/h for the stencil below, with M the
/// largest |f| it evaluated and η the relative accuracy of one evaluation of f. A derivative much smaller than M/h
/// (ill-conditioned differentiation: f ≈ 1 with f' ≈ 10⁻⁸ deep in nested Tanh, or a 10³⁰⁰ ridge term beside an
/// O(1) data term, whose θ-differences cancel to exactly 0) cannot be checked to the tolerance by differences; such a
/// point is unverifiable too, instead of a "wrong gradient" of the generated code.
/// </para>
/// </summary>
internal static class FuzzOracle
{
    private const double Tolerance = 1e-5;     // generated vs finite differences (relative, with a floor)
    private const double Convergence = 1e-6;   // the two finite-difference estimates must agree this well first
    private const double ValueTolerance = 1e-9; // generated R vs the user's R: the same formula, reassociated
    private const int SampledCoordinates = 6;
    private const double EvaluationAccuracy = 1e-13; // η: ~900 ulps, for user methods that sum many terms

    public static PointVerdict CheckRisk<TModel>(System.Random random, double scale) where TModel : IRiskModel
    {
        var layout = TModel.Layout;
        var x = RandomVector(random, layout.ParameterCount, scale);
        var θ = RandomVector(random, layout.DataCount, scale);
        var verdict = new Verdict();
        double User(double[] z) => TModel.UserRisk(z, θ);
        verdict.Value(TModel.UserRisk(x, θ), TModel.Risk(x, θ));
        var gradient = Gradient<TModel>(x, θ, out var r);
        verdict.Value(TModel.UserRisk(x, θ), r);
        CheckPartials(verdict, User, x, gradient, random);

        var v = RandomVector(random, x.Length, 1);
        var hvp = new double[x.Length];
        TModel.HessianVectorProduct(x, θ, v, hvp);
        verdict.Vector(hvp, h => Directional(z => Gradient<TModel>(z, θ, out _), x, v, h));

        if (θ.Length > 0)
        {
            var u = RandomVector(random, θ.Length, 1);
            var djp = new double[x.Length];
            TModel.DataJacobianProduct(x, θ, u, djp);
            verdict.Vector(djp, h => Directional(t => Gradient<TModel>(x, t, out _), θ, u, h));
        }
        return verdict.Result;
    }

    public static PointVerdict CheckMeanField<TModel>(System.Random random, double scale) where TModel : IMeanFieldModel
    {
        var layout = TModel.Layout;
        var x = RandomVector(random, layout.ParameterCount, scale);
        var θ = RandomVector(random, layout.DataCount, scale);
        var verdict = new Verdict();
        verdict.Value(TModel.UserFeature(x, θ), TModel.Feature(x, θ));
        verdict.Value(TModel.UserTarget(θ), TModel.Target(θ));
        var gradient = new double[x.Length];
        verdict.Value(TModel.UserFeature(x, θ), TModel.FeatureGradient(x, θ, gradient));
        CheckPartials(verdict, z => TModel.UserFeature(z, θ), x, gradient, random);

        var v = RandomVector(random, x.Length, 1);
        var hvp = new double[x.Length];
        TModel.FeatureHessianVectorProduct(x, θ, v, hvp);
        verdict.Vector(hvp, h => Directional(z =>
        {
            var g = new double[z.Length];
            TModel.FeatureGradient(z, θ, g);
            return g;
        }, x, v, h));
        return verdict.Result;
    }

    private static void CheckPartials(Verdict verdict, Func<double[], double> f, double[] x, double[] gradient, System.Random random)
    {
        var coordinates = x.Length <= SampledCoordinates
            ? Enumerable.Range(0, x.Length).ToArray()
            : Enumerable.Range(0, SampledCoordinates).Select(_ => random.Next(x.Length)).Distinct().ToArray();
        var sampled = coordinates.Select(k => gradient[k]).ToArray();
        verdict.Vector(sampled, h =>
        {
            var partials = coordinates.Select(k => Partial(f, x, k, h)).ToArray();
            return (partials.Select(p => p.Value).ToArray(), partials.Select(p => p.Rounding).ToArray());
        });
    }

    private static double[] Gradient<TModel>(double[] x, double[] θ, out double risk) where TModel : IRiskModel
    {
        var g = new double[x.Length];
        risk = TModel.Gradient(x, θ, g);
        return g;
    }

    // ∂f/∂z_k by [8(f(z+h) − f(z−h)) − (f(z+2h) − f(z−2h))] / 12h, with h relative to |z_k|; and the rounding error
    // of that quotient, (8 + 8 + 1 + 1)/12 · η·max|f| / h.
    private static (double Value, double Rounding) Partial(Func<double[], double> f, double[] z, int k, double step)
    {
        var h = step * Math.Max(1.0, Math.Abs(z[k]));
        var copy = (double[])z.Clone();
        double At(double t)
        {
            copy[k] = z[k] + t;
            return f(copy);
        }
        double p1 = At(h), m1 = At(-h), p2 = At(2 * h), m2 = At(-2 * h);
        var magnitude = Math.Max(Math.Max(Math.Abs(p1), Math.Abs(m1)), Math.Max(Math.Abs(p2), Math.Abs(m2)));
        return ((8 * (p1 - m1) - (p2 - m2)) / (12 * h), Rounding(magnitude, h));
    }

    // The directional derivative of each entry of g along w, with the rounding error of each quotient.
    private static (double[] Value, double[] Rounding) Directional(Func<double[], double[]> g, double[] z, double[] w, double h)
    {
        double[] At(double t) => g(z.Select((zi, i) => zi + t * w[i]).ToArray());
        double[] p1 = At(h), m1 = At(-h), p2 = At(2 * h), m2 = At(-2 * h);
        var value = p1.Select((_, i) => (8 * (p1[i] - m1[i]) - (p2[i] - m2[i])) / (12 * h)).ToArray();
        var rounding = p1.Select((_, i) => Rounding(Math.Max(Math.Max(Math.Abs(p1[i]), Math.Abs(m1[i])), Math.Max(Math.Abs(p2[i]), Math.Abs(m2[i]))), h)).ToArray();
        return (value, rounding);
    }

    private static double Rounding(double magnitude, double h) => 1.5 * EvaluationAccuracy * magnitude / h;

    private static double[] RandomVector(System.Random random, int length, double scale)
    {
        var v = new double[length];
        for (var i = 0; i < length; i++) v[i] = scale * (2 * random.NextDouble() - 1);
        return v;
    }

    /// <summary>Accumulates comparisons: any unverifiable one makes the point unverifiable; otherwise any disagreement fails it.</summary>
    private sealed class Verdict
    {
        private bool _unverifiable, _disagrees;

        public PointVerdict Result => _unverifiable ? PointVerdict.Unverifiable : _disagrees ? PointVerdict.Disagrees : PointVerdict.Agrees;

        public void Value(double expected, double actual)
        {
            if (!double.IsFinite(expected) || !double.IsFinite(actual)) _unverifiable = true;
            else if (Math.Abs(expected - actual) > ValueTolerance * Math.Max(Math.Max(Math.Abs(expected), Math.Abs(actual)), 1e-300)
                     && Math.Abs(expected - actual) > 1e-12) _disagrees = true;
        }

        public void Vector(double[] actual, Func<double, (double[] Value, double[] Rounding)> finiteDifference)
        {
            if (_unverifiable || actual.Any(a => !double.IsFinite(a))) { _unverifiable = true; return; }
            var (coarse, coarseRounding) = finiteDifference(1e-3);
            var (fine, fineRounding) = finiteDifference(2.5e-4);
            if (coarse.Concat(fine).Concat(fineRounding).Any(d => !double.IsFinite(d))) { _unverifiable = true; return; }
            var floor = 1e-3 * Math.Max(coarse.Select(Math.Abs).DefaultIfEmpty(0).Max(), 1e-12);
            for (var i = 0; i < actual.Length; i++)
            {
                var scale = Math.Max(Math.Max(Math.Abs(coarse[i]), Math.Abs(fine[i])), floor);
                // Converged: the two estimates agree up to their rounding; and that rounding is well below the tolerance.
                if (Math.Abs(coarse[i] - fine[i]) > Convergence * scale + coarseRounding[i] + fineRounding[i]
                    || fineRounding[i] > 0.1 * Tolerance * scale) { _unverifiable = true; return; }
            }
            for (var i = 0; i < actual.Length; i++)
            {
                var scale = Math.Max(Math.Max(Math.Abs(fine[i]), Math.Abs(actual[i])), floor);
                if (Math.Abs(fine[i] - actual[i]) > Tolerance * scale + fineRounding[i]) _disagrees = true;
            }
        }
    }
}
