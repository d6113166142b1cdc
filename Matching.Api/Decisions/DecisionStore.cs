using Dapper;
using Npgsql;

namespace Matching.Api.Decisions;

/// <summary>Reading and purging the decision log (written by <see cref="DecisionLog"/>).</summary>
public sealed class DecisionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Rankings removed per statement by <see cref="PurgeAsync"/>, so a large purge never holds one huge transaction.</summary>
    const int PurgeBatch = 10_000;

    /// <summary>Every ranking answered under this request id, oldest first (a client that reuses its X-Request-Id has several); empty when none.</summary>
    public async Task<IReadOnlyList<RecordedRanking>> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        const string sql = """
            select answered_at as AnsweredAt, key_id as KeyId, model_version as ModelVersion, mission_id as MissionId, source as Source,
                   received as Received, ranked as Ranked, excluded as Excluded, omitted as Omitted,
                   candidate_ids as CandidateIds, ranks as Ranks, scores as Scores, exclusion_codes as ExclusionCodes
            from decisions where request_id = @requestId order by answered_at
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RankingRow>(new CommandDefinition(sql, new { requestId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new RecordedRanking(
            new DateTimeOffset(r.AnsweredAt, TimeSpan.Zero), r.KeyId, r.ModelVersion, r.MissionId, r.Source,
            new RecordedCounts(r.Received, r.Ranked, r.Excluded, r.Omitted),
            [.. r.Ranks.Select((rank, i) => new RecordedResult(r.CandidateIds[i], rank, r.Scores[i]))],
            [.. r.ExclusionCodes.Select((codes, i) => new RecordedExclusion(r.CandidateIds[r.Ranks.Length + i], codes.Split(' ')))]))];
    }

    /// <summary>Removes the rankings answered before <paramref name="cutoff"/>, a batch per statement; how many were removed.</summary>
    public async Task<long> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        const string sql = """
            delete from decisions where ctid = any(array(select ctid from decisions where answered_at < @cutoff limit @PurgeBatch))
            """;
        long total = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            var removed = await connection.ExecuteAsync(new CommandDefinition(sql, new { cutoff = cutoff.UtcDateTime, PurgeBatch }, commandTimeout: 0, cancellationToken: cancellationToken));
            total += removed;
            if (removed < PurgeBatch)
            {
                // An erasure's hash is needed only while some instance may still hold a ranking answered before it.
                await connection.ExecuteAsync(new CommandDefinition("delete from erasures where erased_at < now() - interval '7 days'",
                    cancellationToken: cancellationToken));
                return total;
            }
        }
    }

    sealed class RankingRow
    {
        public DateTime AnsweredAt { get; init; }

        public string? KeyId { get; init; }

        public string ModelVersion { get; init; } = "";

        public string? MissionId { get; init; }

        public string Source { get; init; } = "";

        public int Received { get; init; }

        public int Ranked { get; init; }

        public int Excluded { get; init; }

        public int Omitted { get; init; }

        public string[] CandidateIds { get; init; } = [];

        public int[] Ranks { get; init; } = [];

        public double[] Scores { get; init; } = [];

        public string[] ExclusionCodes { get; init; } = [];
    }
}
