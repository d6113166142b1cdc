using BenchmarkDotNet.Attributes;
using Matching.Core.Features;
using Matching.Core.Model;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Matching.Benchmarks;

/// <summary>
/// Margins of a realistic model (300 LightGbm trees of up to 63 leaves over the schema's features) for a small
/// and a large batch: the managed <see cref="TreeEnsemble"/> the service scores with, against ML.NET's own
/// scoring of the same model (a PredictionEngine row by row, and Transform over an IDataView).
/// </summary>
[Config(typeof(ScoringConfig))]
public class ScoringBenchmarks
{
    public const int Trees = 300;
    private const int TrainingRows = 20_000;

    private static int FeatureCount => FeatureSchema.Count;

    private TreeEnsemble _ensemble = null!;
    private MLContext _ml = null!;
    private ITransformer _model = null!;
    private PredictionEngine<Row, Scored> _engine = null!;
    private Row[] _inputs = null!;
    private float[] _rows = null!;
    private float[] _margins = null!;

    public sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class Scored
    {
        public float Score { get; set; }
    }

    [Params(100, 10_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
        var training = Candidates(TrainingRows, seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, TrainingRows).Select(r =>
        {
            var features = training.AsSpan(r * FeatureCount, FeatureCount).ToArray();
            double X(int f) => float.IsNaN(features[f]) ? 0.5 : features[f];
            return new Row { Features = features, Label = 2 * X(0) + X(1) * X(10) - X(12) + X(14) * X(6) + random.NextDouble() > 2 };
        });
        var trainer = _ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = Trees, NumberOfLeaves = 63, LearningRate = 0.05, Sigmoid = 1, Seed = 7, NumberOfThreads = 2, Silent = true,
        });
        _model = trainer.Fit(_ml.Data.LoadFromEnumerable(rows, schema));
        _ensemble = MlNetModel.Extract(_model, MlNetModel.Binary, expectedValues: null);
        _engine = _ml.Model.CreatePredictionEngine<Row, Scored>(_model, inputSchemaDefinition: schema);
        _rows = Candidates(Rows, seed: 2);
        _inputs = [.. Enumerable.Range(0, Rows).Select(r => new Row { Features = _rows.AsSpan(r * FeatureCount, FeatureCount).ToArray() })];
        _margins = new float[Rows];
        _ensemble.PredictMargin(_rows, Rows, _margins);
        var reference = MlNetModel.Score(_ml, _model, _rows, Rows);
        if (_ensemble.TreeCount != Trees || Enumerable.Range(0, Rows).Any(i => Math.Abs(reference[i] - _margins[i]) > 1e-5))
        {
            throw new InvalidOperationException("The managed evaluator must score the same trees to the same margins.");
        }
    }

    [Benchmark(Baseline = true)]
    public float[] MlNet_prediction_engine()
    {
        for (var r = 0; r < _inputs.Length; r++)
        {
            _margins[r] = _engine.Predict(_inputs[r]).Score;
        }

        return _margins;
    }

    [Benchmark]
    public float[] MlNet_transform() => MlNetModel.Score(_ml, _model, _rows, Rows);

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
