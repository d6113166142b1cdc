using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Matching.Benchmarks;

internal sealed class ScoringConfig : ManualConfig
{
    public ScoringConfig()
    {
        AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(20));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new NanosecondsPerTreePerRowColumn());
    }
}

/// <summary>Mean time divided by trees × rows: the cost of walking one tree for one row.</summary>
internal sealed class NanosecondsPerTreePerRowColumn : IColumn
{
    public string Id => nameof(NanosecondsPerTreePerRowColumn);

    public string ColumnName => "ns/tree/row";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Mean time per tree per row, in nanoseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var rows = benchmarkCase.Parameters["Rows"] as int?;
        return mean is null || rows is null
            ? "-"
            : (mean.Value / ((double)rows.Value * ScoringBenchmarks.Trees)).ToString("0.000", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
