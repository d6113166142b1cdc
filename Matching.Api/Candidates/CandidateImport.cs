using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Matching.Core.Contracts;
using Matching.Core.Skills;
using Matching.Core.Validation;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Api.Candidates;

/// <summary>What a bulk import did: candidates read, rows inserted or changed, time taken; or the faulty lines, and nothing stored.</summary>
public sealed record ImportResult(int Read, int Stored, TimeSpan Elapsed, IReadOnlyList<string> Errors);

/// <summary>
/// Bulk sync of the talent pool from JSON lines (one candidate of the /v1/match shape per line), in one transaction:
/// every line is read and checked by the API's rules and streamed by binary COPY into a temporary table, then merged
/// into the pool in one statement (a candidate given twice keeps its last line; unchanged profiles are not rewritten).
/// Any faulty line stores nothing.
/// </summary>
public sealed class CandidateImport(NpgsqlDataSource dataSource, SkillCatalog catalog, MatchRequestValidator validator)
{
    /// <summary>Faulty lines reported before the import gives up.</summary>
    public const int MaxErrors = 20;

    public async Task<ImportResult> ImportAsync(TextReader lines, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            create temporary table candidate_import (
                line integer not null, id text not null, profile text not null, skills text[] not null, aspirations text[] not null,
                languages text[], availability datemultirange
            ) on commit drop
            """, transaction: transaction, cancellationToken: cancellationToken));

        var errors = new List<string>();
        var read = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy candidate_import (line, id, profile, skills, aspirations, languages, availability) from stdin (format binary)", cancellationToken))
        {
            var number = 0;
            while (await lines.ReadLineAsync(cancellationToken) is { } line && errors.Count < MaxErrors)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var candidate = Read(line, number, errors);
                if (candidate is null || errors.Count > 0)
                {
                    continue;
                }

                read++;
                var columns = CandidateColumns.Of(candidate, catalog);
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(number, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(candidate.Id!, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(columns.Skills, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(columns.Aspirations, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(copy, columns.Languages, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(copy, columns.Availability, NpgsqlDbType.DateMultirange, cancellationToken);
            }

            if (errors.Count > 0)
            {
                // Disposed without completing: the COPY is cancelled, then the transaction rolls back.
                return new ImportResult(read, 0, Stopwatch.GetElapsedTime(started), errors);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        const string merge = """
            insert into candidates (id, profile, skills, aspirations, languages, availability, catalog_version)
            select distinct on (id) id, profile, skills, aspirations, languages, availability, @catalogVersion
            from candidate_import
            order by id, line desc
            on conflict (id) do update set
                profile = excluded.profile, skills = excluded.skills, aspirations = excluded.aspirations, languages = excluded.languages,
                availability = excluded.availability, catalog_version = excluded.catalog_version, updated_at = now()
            where (candidates.profile, candidates.catalog_version) is distinct from (excluded.profile, excluded.catalog_version)
            """;
        var stored = await connection.ExecuteAsync(new CommandDefinition(merge, new { catalogVersion = catalog.Version }, transaction,
            commandTimeout: 0, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new ImportResult(read, stored, Stopwatch.GetElapsedTime(started), []);
    }

    /// <summary>The candidate on a line, or null with its faults (by line number and field path, never by content).</summary>
    Candidate? Read(string line, int number, List<string> errors)
    {
        Candidate? candidate;
        try
        {
            candidate = JsonContractErrors.Deserialize(line, MatchingJson.Default.Candidate);
        }
        catch (ContractException e)
        {
            errors.Add($"line {number}: {e.Fault.Path}: {e.Fault.Sentence}");
            return null;
        }

        if (candidate is null)
        {
            errors.Add($"line {number}: Expected a JSON object.");
            return null;
        }

        var faults = new ValidationErrors();
        validator.ValidateCandidate(candidate, "$", faults);
        foreach (var (path, messages) in faults.ToDictionary())
        {
            errors.Add($"line {number}: {FieldPath.WithoutRoot(path)}: {string.Join(" ", messages)}");
        }

        return faults.IsEmpty ? candidate : null;
    }

    static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(cancellationToken);
        }
        else
        {
            await copy.WriteAsync(value, type, cancellationToken);
        }
    }
}
