namespace Matching.Tests;

/// <summary>Files committed with the repository (test data, fixtures, scripts), found from the test folder upwards.</summary>
static class RepositoryFiles
{
    static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Matching.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Matching.sln not found above the test folder.");
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
