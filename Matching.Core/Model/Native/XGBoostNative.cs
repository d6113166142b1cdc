using System.Reflection;
using System.Runtime.InteropServices;

namespace Matching.Core.Model.Native;

/// <summary>
/// The subset of the libxgboost 1.7 C API (c_api.h) that training and scoring use.
/// Every function returns 0 on success; <see cref="Check"/> turns anything else into an
/// <see cref="XGBoostException"/> carrying <c>XGBGetLastError()</c>, which is thread-local in
/// libxgboost and so must be read on the thread that made the failing call, right after it.
/// Output pointers (<c>out_result</c>, <c>out_str</c>, ...) point into buffers libxgboost owns
/// (thread-local to the calling thread and the booster); callers copy them before the next call
/// on the same thread and never free them.
/// </summary>
internal static unsafe partial class XGBoostNative
{
    private const string Library = "xgboost";

    /// <summary>Tried in order; Debian's libxgboost0 ships the versioned soname only.</summary>
    internal static readonly string[] LibraryFileNames = ["libxgboost.so.0", "libxgboost.so"];

    static XGBoostNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(XGBoostNative).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Library ? Load(LibraryFileNames) : IntPtr.Zero;

    internal static IntPtr Load(IEnumerable<string> fileNames)
    {
        foreach (var fileName in fileNames)
        {
            if (NativeLibrary.TryLoad(fileName, out var handle))
            {
                return handle;
            }
        }
        throw new DllNotFoundException(
            $"XGBoost native library not found (tried {string.Join(", ", fileNames)}): " +
            "install Debian package libxgboost0 (apt-get install libxgboost0).");
    }

    internal static void Check(int result)
    {
        if (result != 0)
        {
            throw new XGBoostException(Marshal.PtrToStringUTF8((IntPtr)XGBGetLastError()) ?? "(no message)");
        }
    }

    [LibraryImport(Library)]
    internal static partial byte* XGBGetLastError();

    [LibraryImport(Library)]
    internal static partial void XGBoostVersion(out int major, out int minor, out int patch);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixCreateFromMat(float* data, ulong rowCount, ulong columnCount, float missing, out DMatrixHandle handle);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixFree(IntPtr handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGDMatrixSetFloatInfo(DMatrixHandle handle, string field, float* values, ulong length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGDMatrixSetUIntInfo(DMatrixHandle handle, string field, uint* values, ulong length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGDMatrixSetStrFeatureInfo(DMatrixHandle handle, string field, string[] features, ulong size);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetStrFeatureInfo(BoosterHandle handle, string field, string[] features, ulong size);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixNumRow(DMatrixHandle handle, out ulong rowCount);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixNumCol(DMatrixHandle handle, out ulong columnCount);

    [LibraryImport(Library)]
    internal static partial int XGBoosterCreate(IntPtr* cachedMatrices, ulong length, out BoosterHandle handle);

    [LibraryImport(Library)]
    internal static partial int XGBoosterFree(IntPtr handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetParam(BoosterHandle handle, string name, string value);

    [LibraryImport(Library)]
    internal static partial int XGBoosterUpdateOneIter(BoosterHandle handle, int iteration, DMatrixHandle train);

    [LibraryImport(Library)]
    internal static partial int XGBoosterEvalOneIter(BoosterHandle handle, int iteration, IntPtr* matrices, byte** names, ulong length, out byte* result);

    [LibraryImport(Library)]
    internal static partial int XGBoosterBoostedRounds(BoosterHandle handle, out int rounds);

    [LibraryImport(Library)]
    internal static partial int XGBoosterGetNumFeature(BoosterHandle handle, out ulong featureCount);

    [LibraryImport(Library)]
    internal static partial int XGBoosterSlice(BoosterHandle handle, int beginLayer, int endLayer, int step, out BoosterHandle slice);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSaveModelToBuffer(BoosterHandle handle, string config, out ulong length, out byte* buffer);

    [LibraryImport(Library)]
    internal static partial int XGBoosterLoadModelFromBuffer(BoosterHandle handle, byte* buffer, ulong length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterLoadModel(BoosterHandle handle, string path);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterPredictFromDMatrix(
        BoosterHandle handle, DMatrixHandle matrix, string config, out ulong* shape, out ulong dimension, out float* result);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterPredictFromDense(
        BoosterHandle handle, string arrayInterface, string config, IntPtr proxy, out ulong* shape, out ulong dimension, out float* result);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterFeatureScore(
        BoosterHandle handle, string config, out ulong featureCount, out byte** features, out ulong dimension, out ulong* shape, out float* scores);
}
