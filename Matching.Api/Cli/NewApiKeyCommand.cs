using System.CommandLine;
using Matching.Api.Hosting;

namespace Matching.Api.Cli;

/// <summary>Prints a new random API key and the configuration lines that let it in (its hash, never the key).</summary>
static class NewApiKeyCommand
{
    public static Command Create()
    {
        var id = new Option<string>("--id") { Description = "A name for the key, logged with each call it makes (the key itself never is).", Required = true };
        var scopes = new Option<string[]>("--scopes")
        {
            Description = "Its scopes: match (matching, skills), data (pool, outcomes), admin (model details, reload).",
            DefaultValueFactory = _ => [ApiKeys.Match],
            AllowMultipleArgumentsPerToken = true,
        };
        scopes.AcceptOnlyFromAmong(ApiKeys.AllScopes);
        var index = new Option<int>("--index") { Description = "Its position in Matching:ApiKeys (for the environment variable names).", DefaultValueFactory = _ => 0 };
        var command = new Command("new-api-key", "Make a new API key and print it with the configuration that accepts it.") { id, scopes, index };
        command.SetAction(parse =>
        {
            var key = ApiKeys.NewKey();
            var name = parse.GetValue(id)!;
            var chosen = parse.GetValue(scopes)!.Distinct().ToArray();
            var at = parse.GetValue(index);
            Console.WriteLine($"key:    {key}");
            Console.WriteLine("Give the key to its caller (X-Api-Key header) and keep only its hash in the configuration:");
            Console.WriteLine($"  Matching__ApiKeys__{at}__Id={name}");
            Console.WriteLine($"  Matching__ApiKeys__{at}__Sha256={ApiKeys.Hash(key)}");
            for (var s = 0; s < chosen.Length; s++)
            {
                Console.WriteLine($"  Matching__ApiKeys__{at}__Scopes__{s}={chosen[s]}");
            }

            Console.WriteLine("or in appsettings.json:");
            Console.WriteLine($"  \"Matching\": {{ \"ApiKeys\": [ {{ \"Id\": \"{name}\", \"Sha256\": \"{ApiKeys.Hash(key)}\", \"Scopes\": [{string.Join(", ", chosen.Select(c => $"\"{c}\""))}] }} ] }}");
            return 0;
        });
        return command;
    }
}
