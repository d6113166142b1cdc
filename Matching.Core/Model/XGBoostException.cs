namespace Matching.Core.Model;

/// <summary>A libxgboost call returned an error; the message is libxgboost's own (<c>XGBGetLastError</c>).</summary>
public sealed class XGBoostException : Exception
{
    public XGBoostException()
    {
    }

    public XGBoostException(string message) : base(message)
    {
    }

    public XGBoostException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
