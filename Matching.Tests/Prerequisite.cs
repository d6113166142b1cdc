namespace Matching.Tests;

/// <summary>Tests that need something outside .NET (Python's xgboost): skipped on a developer's machine that lacks it, failed in CI.</summary>
static class Prerequisite
{
    /// <summary>Set by .ci/run: there every prerequisite is installed, so a missing one is a failure, not a skip.</summary>
    public static bool InCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static void Missing(string what)
    {
        if (InCi)
        {
            Assert.Fail($"{what} (CI installs it through scripts/setup.sh --test).");
        }

        Assert.Ignore(what);
    }
}
