using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Matching.Tests.Api;

/// <summary>The service in-process, logging JSON lines to a file the tests can read, with an admin key set.</summary>
public sealed class MatchingApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";

    public string LogFile { get; } = Path.Combine(Path.GetTempPath(), $"matching-test-{Guid.NewGuid():N}.log");

    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Matching:AdminApiKey", AdminKey);
        builder.UseSetting("Serilog:WriteTo:0:Name", "File");
        builder.UseSetting("Serilog:WriteTo:0:Args:path", LogFile);
        builder.UseSetting("Serilog:WriteTo:0:Args:flushToDiskInterval", "00:00:00.100");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>The log so far; Serilog's file sink shares the file for reading.</summary>
    public string ReadLog()
    {
        Thread.Sleep(300);
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(LogFile);
    }
}
