using System.Globalization;
using System.Runtime.InteropServices;
using Matching.Core.Model.Native;
using static Matching.Core.Model.Native.XGBoostNative;

namespace Matching.Core.Model;

/// <summary>
/// A libxgboost booster (learner): trained round by round, saved as standard XGBoost JSON,
/// and asked for margins or SHAP contributions.
/// </summary>
/// <remarks>
/// Threading, as libxgboost 1.7 guarantees for tree boosters (docs/xgboost.md has the evidence):
/// the prediction methods may run concurrently on one booster; each copies libxgboost's
/// thread-local output before returning. <see cref="SetParam"/>, <see cref="UpdateOneIter"/> and
/// <see cref="EvalOneIter"/> change the learner and must not overlap any other call on it, so a
/// booster is trained by one owner and only then shared for prediction.
/// </remarks>
public sealed unsafe class Booster : IDisposable
{
    private const string PredictMarginConfig =
        """{"type":1,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false}""";

    private const string PredictContributionsConfig =
        """{"type":2,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false}""";

    // libxgboost 1.7 reads these fields with required-argument checks: "cache_id" must be
    // present and 0, and "missing" must be a JSON number, so NaN is written as the bare token NaN.
    private const string InplacePredictMarginConfig =
        """{"type":1,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false,"cache_id":0,"missing":NaN}""";

    private static readonly HashSet<string> ImportanceTypes = ["weight", "gain", "cover", "total_gain", "total_cover"];

    private readonly BoosterHandle _handle;

    private Booster(BoosterHandle handle) => _handle = handle;

    /// <summary>A new booster to be trained on <paramref name="cache"/> (the training and evaluation matrices).</summary>
    public Booster(params ReadOnlySpan<DMatrix> cache) => _handle = Create(cache);

    /// <summary>The libxgboost library version actually loaded.</summary>
    public static Version LibraryVersion
    {
        get
        {
            XGBoostVersion(out var major, out var minor, out var patch);
            return new Version(major, minor, patch);
        }
    }

    /// <summary>Loads a model from XGBoost JSON (as written by <see cref="SaveJson"/> or any XGBoost binding).</summary>
    public static Booster LoadJson(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            throw new ArgumentException("The model JSON is empty.", nameof(json));
        }
        var handle = Create([]);
        try
        {
            fixed (byte* buffer = json)
            {
                Check(XGBoosterLoadModelFromBuffer(handle, buffer, (ulong)json.Length));
            }
            return new Booster(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Loads a model file; libxgboost reads <c>.json</c> as JSON, <c>.ubj</c> as UBJSON, others as its legacy binary.</summary>
    public static Booster Load(string path)
    {
        var handle = Create([]);
        try
        {
            Check(XGBoosterLoadModel(handle, path));
            return new Booster(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public int BoostedRounds
    {
        get
        {
            Check(XGBoosterBoostedRounds(_handle, out var rounds));
            return rounds;
        }
    }

    public int FeatureCount
    {
        get
        {
            Check(XGBoosterGetNumFeature(_handle, out var count));
            return checked((int)count);
        }
    }

    public void SetParam(string name, string value) => Check(XGBoosterSetParam(_handle, name, value));

    public void UpdateOneIter(int iteration, DMatrix train) => Check(XGBoosterUpdateOneIter(_handle, iteration, train.Handle));

    /// <summary>Evaluates the configured metrics on each named matrix, e.g. <c>[3]	validation-ndcg@10:0.912345</c>.</summary>
    public Evaluation EvalOneIter(int iteration, params ReadOnlySpan<(string Name, DMatrix Data)> sets)
    {
        var handles = new SafeHandle[sets.Length];
        var matrices = stackalloc IntPtr[sets.Length];
        var names = stackalloc byte*[sets.Length];
        int referenced = 0, named = 0;
        try
        {
            for (; referenced < sets.Length; referenced++)
            {
                matrices[referenced] = AddRef(handles[referenced] = sets[referenced].Data.Handle);
            }
            for (; named < sets.Length; named++)
            {
                names[named] = (byte*)Marshal.StringToCoTaskMemUTF8(sets[named].Name);
            }
            Check(XGBoosterEvalOneIter(_handle, iteration, matrices, names, (ulong)sets.Length, out var result));
            return Evaluation.Parse(Marshal.PtrToStringUTF8((IntPtr)result) ?? "");
        }
        finally
        {
            for (var i = 0; i < named; i++)
            {
                Marshal.FreeCoTaskMem((IntPtr)names[i]);
            }
            for (var i = 0; i < referenced; i++)
            {
                handles[i].DangerousRelease();
            }
        }
    }

    /// <summary>A new booster holding rounds [<paramref name="beginRound"/>, <paramref name="endRound"/>), e.g. up to the best iteration after early stopping.</summary>
    public Booster Slice(int beginRound, int endRound)
    {
        var result = XGBoosterSlice(_handle, beginRound, endRound, 1, out var slice);
        if (result != 0)
        {
            slice.Dispose();
            // 1.7 returns -2, without setting an error message, when the range is outside the model.
            if (result == -2)
            {
                throw new ArgumentOutOfRangeException(nameof(endRound), $"Rounds [{beginRound}, {endRound}) are outside the {BoostedRounds} boosted rounds.");
            }
            Check(result);
        }
        return new Booster(slice);
    }

    /// <summary>The model as standard XGBoost JSON (UTF-8 bytes), loadable by every XGBoost binding.</summary>
    public byte[] SaveJson()
    {
        Check(XGBoosterSaveModelToBuffer(_handle, """{"format":"json"}""", out var length, out var buffer));
        return new ReadOnlySpan<byte>(buffer, checked((int)length)).ToArray();
    }

    /// <summary>Untransformed scores (margins), one per row.</summary>
    public float[] PredictMargin(DMatrix data)
    {
        Check(XGBoosterPredictFromDMatrix(_handle, data.Handle, PredictMarginConfig, out var shape, out var dimension, out var result));
        return Copy(result, shape, dimension);
    }

    /// <summary>
    /// TreeSHAP contributions, row-major: <c>FeatureCount + 1</c> values per row, the last being the
    /// bias; each row adds up to its margin.
    /// </summary>
    public float[] PredictContributions(DMatrix data)
    {
        Check(XGBoosterPredictFromDMatrix(_handle, data.Handle, PredictContributionsConfig, out var shape, out var dimension, out var result));
        return Copy(result, shape, dimension);
    }

    /// <summary>Margins computed straight from dense row-major rows (NaN = missing), without building a DMatrix.</summary>
    public float[] InplacePredictMargin(ReadOnlySpan<float> rows, int rowCount, int featureCount)
    {
        DMatrix.CheckShape(rows, rowCount, featureCount);
        fixed (float* data = rows)
        {
            var arrayInterface = string.Create(CultureInfo.InvariantCulture,
                $$"""{"data":[{{(ulong)data}},true],"shape":[{{rowCount}},{{featureCount}}],"strides":null,"typestr":"<f4","version":3}""");
            Check(XGBoosterPredictFromDense(_handle, arrayInterface, InplacePredictMarginConfig, IntPtr.Zero, out var shape, out var dimension, out var result));
            return Copy(result, shape, dimension);
        }
    }

    /// <summary>
    /// Feature importance by feature name (<c>f0</c>, <c>f1</c>, … when the model has no names);
    /// features never used in a split are absent. <paramref name="importanceType"/> is one of
    /// weight, gain, cover, total_gain, total_cover.
    /// </summary>
    public IReadOnlyDictionary<string, float> FeatureScore(string importanceType)
    {
        if (!ImportanceTypes.Contains(importanceType))
        {
            throw new ArgumentException($"Unknown importance type '{importanceType}'; expected one of {string.Join(", ", ImportanceTypes)}.", nameof(importanceType));
        }
        Check(XGBoosterFeatureScore(_handle, $$"""{"importance_type":"{{importanceType}}","feature_map":""}""",
            out var count, out var features, out var dimension, out var shape, out var scores));
        var values = Copy(scores, shape, dimension);
        if (values.Length != (int)count)
        {
            throw new XGBoostException($"Expected one {importanceType} score per feature ({count}), got {values.Length}.");
        }
        var result = new Dictionary<string, float>((int)count);
        for (var i = 0; i < (int)count; i++)
        {
            result[Marshal.PtrToStringUTF8((IntPtr)features[i]) ?? ""] = values[i];
        }
        return result;
    }

    /// <summary>Feature names saved in the model (Python's xgboost shows and checks them) and used by <see cref="FeatureScore"/>.</summary>
    public void SetFeatureNames(IReadOnlyList<string> names)
    {
        if (names.Count != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} feature names, got {names.Count}.", nameof(names));
        }
        Check(XGBoosterSetStrFeatureInfo(_handle, "feature_name", [.. names], (ulong)names.Count));
    }

    public void Dispose() => _handle.Dispose();

    private static BoosterHandle Create(ReadOnlySpan<DMatrix> cache)
    {
        var handles = new SafeHandle[cache.Length];
        var matrices = stackalloc IntPtr[cache.Length];
        var added = 0;
        try
        {
            for (; added < cache.Length; added++)
            {
                matrices[added] = AddRef(handles[added] = cache[added].Handle);
            }
            Check(XGBoosterCreate(matrices, (ulong)cache.Length, out var handle));
            return handle;
        }
        finally
        {
            for (var i = 0; i < added; i++)
            {
                handles[i].DangerousRelease();
            }
        }
    }

    private static IntPtr AddRef(SafeHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        return handle.DangerousGetHandle();
    }

    private static float[] Copy(float* result, ulong* shape, ulong dimension)
    {
        long length = 1;
        for (ulong i = 0; i < dimension; i++)
        {
            length = checked(length * (long)shape[i]);
        }
        return new ReadOnlySpan<float>(result, checked((int)length)).ToArray();
    }
}
