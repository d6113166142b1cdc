using BenchmarkDotNet.Attributes;
using Matching.Core.Model;

namespace Matching.Benchmarks;

/// <summary>
/// Margins of a realistic ranking model (300 trees of depth 6 over 16 features, rank:ndcg) for a
/// small and a large batch: the managed <see cref="TreeEnsemble"/> against libxgboost's in-place
/// and DMatrix prediction, with the thread count of each side in the method name.
/// </summary>
[Config(typeof(ScoringConfig))]
public class ScoringBenchmarks
{
    public const int Trees = 300;
    public const int FeatureCount = 16;
    private const int TrainingRows = 20_000;

    private TreeEnsemble _ensemble = null!;
    private Booster _oneThread = null!;
    private Booster _twoThreads = null!;
    private float[] _rows = null!;
    private float[] _margins = null!;

    [Params(100, 10_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var json = Train();
        _ensemble = TreeEnsemble.Parse(json);
        _oneThread = Booster.LoadJson(json);
        _oneThread.SetParam("nthread", "1");
        _twoThreads = Booster.LoadJson(json);
        _twoThreads.SetParam("nthread", "2");
        _rows = Candidates(Rows, seed: 2);
        _margins = new float[Rows];
        var reference = _oneThread.InplacePredictMargin(_rows, Rows, FeatureCount);
        _ensemble.PredictMargin(_rows, Rows, _margins);
        if (_ensemble.TreeCount != Trees || !reference.AsSpan().SequenceEqual(_margins))
        {
            throw new InvalidOperationException("The managed evaluator must score the same trees to the same margins.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _oneThread.Dispose();
        _twoThreads.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float[] Libxgboost_inplace_1_thread() => _oneThread.InplacePredictMargin(_rows, Rows, FeatureCount);

    [Benchmark]
    public float[] Libxgboost_inplace_2_threads() => _twoThreads.InplacePredictMargin(_rows, Rows, FeatureCount);

    [Benchmark]
    public float[] Libxgboost_dmatrix_1_thread()
    {
        // A fresh DMatrix each time, as a request would build: libxgboost caches predictions per DMatrix.
        using var matrix = new DMatrix(_rows, Rows, FeatureCount);
        return _oneThread.PredictMargin(matrix);
    }

    [Benchmark]
    public float[] Libxgboost_dmatrix_2_threads()
    {
        using var matrix = new DMatrix(_rows, Rows, FeatureCount);
        return _twoThreads.PredictMargin(matrix);
    }

    [Benchmark]
    public float[] Managed_1_thread()
    {
        _ensemble.PredictMargin(_rows, Rows, _margins, allowParallel: false);
        return _margins;
    }

    [Benchmark]
    public float[] Managed_all_cores()
    {
        _ensemble.PredictMargin(_rows, Rows, _margins);
        return _margins;
    }

    private static byte[] Train()
    {
        var rows = Candidates(TrainingRows, seed: 1);
        var random = new Random(3);
        var relevance = new float[TrainingRows];
        for (var r = 0; r < TrainingRows; r++)
        {
            double X(int f) => float.IsNaN(rows[r * FeatureCount + f]) ? 0.5 : rows[r * FeatureCount + f];
            var score = 2 * X(0) + Math.Sin(3 * X(4)) * X(5) + X(7) * X(8) - X(10) + X(13) * X(0) + X(11) * X(14) + random.NextDouble();
            relevance[r] = (float)Math.Clamp(Math.Floor(score * 1.5), 0, 4);
        }
        using var train = new DMatrix(rows, TrainingRows, FeatureCount);
        train.SetLabels(relevance);
        train.SetGroupSizes(Enumerable.Repeat(20u, TrainingRows / 20).ToArray());
        using var booster = new Booster(train);
        foreach (var (name, value) in new Dictionary<string, string>
                 {
                     ["objective"] = "rank:ndcg", ["tree_method"] = "hist", ["max_depth"] = "6", ["eta"] = "0.1",
                     ["seed"] = "7", ["nthread"] = "2", ["verbosity"] = "0",
                 })
        {
            booster.SetParam(name, value);
        }
        for (var i = 0; i < Trees; i++)
        {
            booster.UpdateOneIter(i, train);
        }
        return booster.SaveJson();
    }

    private static float[] Candidates(int rowCount, int seed)
    {
        var random = new Random(seed);
        var rows = new float[rowCount * FeatureCount];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = random.NextDouble() < 0.1 ? float.NaN : random.NextSingle();
        }
        return rows;
    }
}
