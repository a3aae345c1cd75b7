namespace Barrage.Load;

/// <summary>The Poisson arrivals of a 60 s schedule have exponential gaps (Kolmogorov–Smirnov).</summary>
public sealed class PoissonGoodnessOfFitTests
{
    /// <summary>
    /// D, the largest distance between the gaps' empirical CDF and 1 − e^(−λx), must stay under the 1 %
    /// critical value 1.63 / √n (n ≈ 12 000). With a fixed seed the verdict is fixed; a wrong rate or a gap
    /// law that is not exponential (even spacing) fails it, as the second test shows.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2024)]
    public void Gaps_OfConst_PassKolmogorovSmirnov_AgainstExponential(int seed)
    {
        const double Rate = 200;
        var times = RateSchedule.Parse("const(200, 60s)").PoissonArrivals(seed).Select(t => t.TotalSeconds).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();

        var d = KolmogorovSmirnov(gaps, x => 1 - Math.Exp(-Rate * x));

        Assert.True(d < 1.63 / Math.Sqrt(gaps.Count), $"D = {d}, n = {gaps.Count}");
    }

    [Fact]
    public void TheCheck_RejectsWrongRates_AndEvenSpacing()
    {
        var times = RateSchedule.Parse("const(200, 60s)").PoissonArrivals(1).Select(t => t.TotalSeconds).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        var even = Enumerable.Repeat(1.0 / 200, gaps.Count).ToList();
        var critical = 1.63 / Math.Sqrt(gaps.Count);

        Assert.True(KolmogorovSmirnov(gaps, x => 1 - Math.Exp(-150 * x)) > critical);
        Assert.True(KolmogorovSmirnov(even, x => 1 - Math.Exp(-200 * x)) > critical);
    }

    [Fact]
    public void Gaps_OfARampRescaledByN_AreExponentialWithRateOne()
    {
        var schedule = RateSchedule.Parse("line(50, 400, 60s)");
        var arrivals = schedule.PoissonArrivals(7).ToList();
        // Time rescaling: N(t_j) − N(t_(j−1)) are Exp(1) draws (up to the tick rounding of t_j).
        var n = arrivals.Select(schedule.ArrivalsBy).ToList();
        var gaps = n.Zip(n.Skip(1), (a, b) => b - a).ToList();

        Assert.True(KolmogorovSmirnov(gaps, x => 1 - Math.Exp(-x)) < 1.63 / Math.Sqrt(gaps.Count));
        // And the first 10 s hold about what the ramp plans for them (within five standard deviations).
        var firstTen = arrivals.Count(a => a < TimeSpan.FromSeconds(10));
        var planned = schedule.ArrivalsBy(TimeSpan.FromSeconds(10));
        Assert.InRange(firstTen, planned - 5 * Math.Sqrt(planned), planned + 5 * Math.Sqrt(planned));
    }

    private static double KolmogorovSmirnov(List<double> sample, Func<double, double> cdf)
    {
        var sorted = sample.Order().ToArray();
        var d = 0.0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / sorted.Length - f, f - (double)i / sorted.Length));
        }
        return d;
    }
}
