using Dapper;
using Matching.Core.Model;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Matching.Api.Registry;

/// <param name="Created">Whether this registration stored it (false when it was registered before, by anyone); said by 201 rather than 200, not in the JSON.</param>
public sealed record RegisteredVersion(string Version, DateTime RegisteredAt, string RegisteredBy, [property: System.Text.Json.Serialization.JsonIgnore] bool Created = false);

/// <param name="Previous">The version that was active before this promotion; null for the first.</param>
public sealed record Promotion(long Id, string Version, string PromotedBy, DateTime PromotedAt, string? Previous);

/// <param name="Active">The latest promotion's version; null when nothing was ever promoted.</param>
/// <param name="Promotions">The latest promotions first (at most 50).</param>
public sealed record RegistryListing(string? Active, IReadOnlyList<RegisteredVersion> Versions, IReadOnlyList<Promotion> Promotions);

/// <summary>
/// The model registry: versions with their files, registered only after the canary passed on exactly the bytes stored,
/// and the append-only promotions whose latest names the active version. A promotion notifies every instance
/// (<see cref="Channel"/>) in the transaction that records it, so they hear of it only once it is committed.
/// </summary>
public sealed class ModelRegistry(NpgsqlDataSource dataSource, IOptions<RegistryOptions> options)
{
    /// <summary>The LISTEN/NOTIFY channel; the payload is the promoted version.</summary>
    public const string Channel = "matching_model_promoted";

    /// <summary>Promotions run one at a time, so their order is the order they were committed in ("promote" in ASCII).</summary>
    const long PromoteLockKey = 0x70726f6d6f7465;

    const string PromotionColumns = "id, version, promoted_by as PromotedBy, promoted_at as PromotedAt";

    /// <summary>
    /// Reads the directory's model files, loads exactly those bytes with the canary, and stores them under the version
    /// they hash to; throws <see cref="ModelLoadException"/> (nothing stored) for a model that cannot serve.
    /// </summary>
    public async Task<RegisteredVersion> RegisterAsync(string directory, string registeredBy, CancellationToken cancellationToken)
    {
        var files = ModelFiles.Read(directory);
        var model = await Task.Run(() => Check(files), cancellationToken);

        const string insert = """
            insert into model_versions (version, card, registered_by) values (@Version, @Card::jsonb, @RegisteredBy)
            on conflict (version) do nothing
            """;
        const string file = "insert into model_files (version, name, content) values (@Version, @Name, @Content)";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = await connection.ExecuteAsync(new CommandDefinition(insert,
            new { model.Version, Card = model.Card.WithoutPaths().ToJson(), RegisteredBy = registeredBy }, transaction, cancellationToken: cancellationToken)) == 1;
        if (created)
        {
            foreach (var (name, content) in files)
            {
                await connection.ExecuteAsync(new CommandDefinition(file, new { model.Version, Name = name, Content = content }, transaction, cancellationToken: cancellationToken));
            }
        }

        var stored = await connection.QuerySingleAsync<RegisteredVersion>(new CommandDefinition(
            "select version, registered_at as RegisteredAt, registered_by as RegisteredBy, @created as Created from model_versions where version = @Version",
            new { model.Version, created }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Makes a registered version active and notifies every instance; null (nothing recorded) for an unknown version.</summary>
    public async Task<Promotion?> PromoteAsync(string version, string promotedBy, CancellationToken cancellationToken)
    {
        const string promote = $"""
            with previous as (select version from model_promotions order by id desc limit 1)
            insert into model_promotions (version, promoted_by)
            select v.version, @promotedBy from model_versions v where v.version = @version
            returning {PromotionColumns}, (select version from previous) as Previous
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@PromoteLockKey)", new { PromoteLockKey }, transaction, cancellationToken: cancellationToken));
        var promotion = await connection.QuerySingleOrDefaultAsync<Promotion>(new CommandDefinition(promote, new { version, promotedBy }, transaction, cancellationToken: cancellationToken));
        if (promotion is null)
        {
            return null;
        }

        // Delivered when the transaction commits, and only then.
        await connection.ExecuteAsync(new CommandDefinition("select pg_notify(@Channel, @version)", new { Channel, version }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return promotion;
    }

    /// <summary>The latest promotion, or null when nothing was ever promoted.</summary>
    public async Task<Promotion?> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Promotion>(new CommandDefinition(
            $"select {PromotionColumns}, null as Previous from model_promotions order by id desc limit 1", cancellationToken: cancellationToken));
    }

    /// <summary>A registered version's files by name (empty when there is no such version).</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> FilesAsync(string version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var files = await connection.QueryAsync<(string Name, byte[] Content)>(new CommandDefinition(
            "select name, content from model_files where version = @version", new { version }, cancellationToken: cancellationToken));
        return files.ToDictionary(f => f.Name, f => f.Content, StringComparer.Ordinal);
    }

    public async Task<RegistryListing> ListAsync(CancellationToken cancellationToken)
    {
        const string sql = $"""
            select version, registered_at as RegisteredAt, registered_by as RegisteredBy, false as Created from model_versions order by registered_at desc, version;
            select * from (
                select {PromotionColumns}, lag(version) over (order by id) as Previous from model_promotions
            ) p order by id desc limit 50;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
        var versions = (await results.ReadAsync<RegisteredVersion>()).ToList();
        var promotions = (await results.ReadAsync<Promotion>()).ToList();
        return new RegistryListing(promotions.FirstOrDefault()?.Version, versions, promotions);
    }

    /// <summary>Writes the files where the service loads registered versions, loads them with the canary, and removes them again.</summary>
    RankingModel Check(IReadOnlyDictionary<string, byte[]> files)
    {
        var directory = ModelFiles.Write(options.Value.ResolveCacheDirectory(), ".register", files);
        try
        {
            return RankingModel.Load(directory);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Said of "the model directory", never of the server's scratch copy nor by the name the caller gave (it may be a person's).
            var reason = e is ModelLoadException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            throw new ModelLoadException(reason.Replace(directory, "the model directory", StringComparison.Ordinal), e);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
