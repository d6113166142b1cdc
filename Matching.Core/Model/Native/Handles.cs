using Microsoft.Win32.SafeHandles;

namespace Matching.Core.Model.Native;

/// <summary>Owns a libxgboost <c>DMatrixHandle</c>; released with <c>XGDMatrixFree</c>.</summary>
internal sealed class DMatrixHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DMatrixHandle() : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => XGBoostNative.XGDMatrixFree(handle) == 0;
}

/// <summary>Owns a libxgboost <c>BoosterHandle</c>; released with <c>XGBoosterFree</c>.</summary>
internal sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BoosterHandle() : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => XGBoostNative.XGBoosterFree(handle) == 0;
}
