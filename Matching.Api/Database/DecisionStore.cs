using Dapper;
using Matching.Api.Apis;
using Npgsql;

namespace Matching.Api.Database;

/// <summary>Reading and purging the decision log (written by <see cref="DecisionLog"/>).</summary>
public sealed class DecisionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Rankings removed per transaction by <see cref="PurgeAsync"/>, so a large purge never holds one huge transaction.</summary>
    const int PurgeBatch = 5000;

    /// <summary>Every ranking answered under this request id, oldest first (a client that reuses its X-Request-Id has several); empty when none.</summary>
    public async Task<IReadOnlyList<RecordedRanking>> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        const string rankings = """
            select id as Id, answered_at as AnsweredAt, key_id as KeyId, model_version as ModelVersion, mission_id as MissionId, source as Source,
                   received as Received, ranked as Ranked, excluded as Excluded, omitted as Omitted
            from decisions where request_id = @requestId order by answered_at, id
            """;
        const string candidates = """
            select decision_id as DecisionId, candidate_id as CandidateId, rank as Rank, score as Score, codes as Codes
            from decision_candidates where decision_id = any(@ids) order by rank nulls last, candidate_id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var heads = (await connection.QueryAsync<RankingRow>(new CommandDefinition(rankings, new { requestId }, cancellationToken: cancellationToken))).ToList();
        if (heads.Count == 0)
        {
            return [];
        }

        var rows = (await connection.QueryAsync<CandidateRow>(new CommandDefinition(candidates, new { ids = heads.Select(h => h.Id).ToArray() }, cancellationToken: cancellationToken)))
            .ToLookup(r => r.DecisionId);
        return [.. heads.Select(h => new RecordedRanking(
            new DateTimeOffset(h.AnsweredAt, TimeSpan.Zero), h.KeyId, h.ModelVersion, h.MissionId, h.Source,
            new RecordedCounts(h.Received, h.Ranked, h.Excluded, h.Omitted),
            [.. rows[h.Id].Where(r => r.Rank is not null).Select(r => new RecordedResult(r.CandidateId, r.Rank!.Value, r.Score!.Value))],
            [.. rows[h.Id].Where(r => r.Rank is null).Select(r => new RecordedExclusion(r.CandidateId, r.Codes ?? []))]))];
    }

    /// <summary>Removes the rankings answered before <paramref name="cutoff"/> with their candidates, a batch per transaction; how many rankings were removed.</summary>
    public async Task<long> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        const string sql = """
            with purged as (
                delete from decisions where id in (select id from decisions where answered_at < @cutoff limit @PurgeBatch) returning id
            ), candidates as (
                delete from decision_candidates where decision_id in (select id from purged)
            )
            select count(*) from purged
            """;
        long total = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            var removed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { cutoff = cutoff.UtcDateTime, PurgeBatch }, commandTimeout: 0, cancellationToken: cancellationToken));
            total += removed;
            if (removed < PurgeBatch)
            {
                return total;
            }
        }
    }

    sealed class RankingRow
    {
        public Guid Id { get; init; }

        public DateTime AnsweredAt { get; init; }

        public string? KeyId { get; init; }

        public string ModelVersion { get; init; } = "";

        public string? MissionId { get; init; }

        public string Source { get; init; } = "";

        public int Received { get; init; }

        public int Ranked { get; init; }

        public int Excluded { get; init; }

        public int Omitted { get; init; }
    }

    sealed class CandidateRow
    {
        public Guid DecisionId { get; init; }

        public string CandidateId { get; init; } = "";

        public int? Rank { get; init; }

        public double? Score { get; init; }

        public string[]? Codes { get; init; }
    }
}
