using Dapper;
using Matching.Core.History;
using Npgsql;

namespace Matching.Api.Outcomes;

/// <summary>A decision to record: the candidate's JSON is given when it was sent inline, else the pool's is copied.</summary>
public sealed record NewOutcome(string ClientDecisionId, string CandidateId, Outcome Outcome, DateTime DecidedAt, string? Candidate);

/// <summary>
/// What became of a batch: every decision as stored, or why nothing was: the mission or some candidates are not
/// known (indexes into the batch), or some client decision ids were recorded before with other values.
/// </summary>
public sealed record OutcomeRecording(IReadOnlyList<RecordedOutcome> Recorded, bool UnknownMission, IReadOnlyList<int> UnknownCandidates, IReadOnlyList<int> Conflicting)
{
    public bool Succeeded => !UnknownMission && UnknownCandidates.Count == 0 && Conflicting.Count == 0;
}

/// <summary>Staffing decisions, each with the mission and the candidate as known when it was taken.</summary>
public sealed class OutcomeStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Records a batch in one transaction: all of it or nothing. A decision whose client id is already recorded
    /// with the same mission, candidate, outcome and time is left as it is, so a retried batch records nothing new
    /// and answers the same.
    /// </summary>
    public async Task<OutcomeRecording> RecordAsync(string missionId, string? mission, IReadOnlyList<NewOutcome> decisions, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = decisions.Select(d => d.ClientDecisionId).ToArray();

        var known = (await connection.QueryAsync<string>(new CommandDefinition(
            "select client_decision_id from outcomes where client_decision_id = any(@ids)", new { ids }, transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var fresh = decisions.Where(d => !known.Contains(d.ClientDecisionId)).ToList();
        if (fresh.Count > 0)
        {
            mission ??= await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "select mission::text from missions where id = @missionId", new { missionId }, transaction, cancellationToken: cancellationToken));
            var wanted = fresh.Where(d => d.Candidate is null).Select(d => d.CandidateId).Distinct().ToArray();
            var pool = (await connection.QueryAsync<(string Id, string Profile)>(new CommandDefinition(
                "select id, profile::text from candidates where id = any(@wanted)", new { wanted }, transaction, cancellationToken: cancellationToken)))
                .ToDictionary(c => c.Id, c => c.Profile, StringComparer.Ordinal);
            var unknown = Indexes(decisions, d => !known.Contains(d.ClientDecisionId) && d.Candidate is null && !pool.ContainsKey(d.CandidateId));
            if (mission is null || unknown.Count > 0)
            {
                return new OutcomeRecording([], mission is null, unknown, []);
            }

            const string insert = """
                insert into outcomes (client_decision_id, mission_id, candidate_id, outcome, decided_at, mission, candidate)
                select d.id, @missionId, d.candidate_id, d.outcome, d.decided_at, @mission::jsonb, d.candidate::jsonb
                from unnest(@ids, @candidateIds, @outcomes, @decidedAt, @candidates) as d(id, candidate_id, outcome, decided_at, candidate)
                on conflict (client_decision_id) do nothing
                """;
            await connection.ExecuteAsync(new CommandDefinition(insert, new
            {
                missionId,
                mission,
                ids = fresh.Select(d => d.ClientDecisionId).ToArray(),
                candidateIds = fresh.Select(d => d.CandidateId).ToArray(),
                outcomes = fresh.Select(d => OutcomeNames.Of(d.Outcome)).ToArray(),
                decidedAt = fresh.Select(d => d.DecidedAt).ToArray(),
                candidates = fresh.Select(d => d.Candidate ?? pool[d.CandidateId]).ToArray(),
            }, transaction, cancellationToken: cancellationToken));
        }

        // Read back after the insert: a batch recorded meanwhile by a concurrent retry is seen here, committed.
        var stored = (await connection.QueryAsync<OutcomeRow>(new CommandDefinition(
            $"select {Columns} from outcomes where client_decision_id = any(@ids)", new { ids }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.ClientDecisionId, StringComparer.Ordinal);
        var conflicting = Indexes(decisions, d => stored[d.ClientDecisionId] is var row
            && (row.MissionId != missionId || row.CandidateId != d.CandidateId || row.Outcome != OutcomeNames.Of(d.Outcome) || row.DecidedAt != d.DecidedAt));
        if (conflicting.Count > 0)
        {
            return new OutcomeRecording([], false, [], conflicting);
        }

        await transaction.CommitAsync(cancellationToken);
        return new OutcomeRecording([.. decisions.Select(d => stored[d.ClientDecisionId].ToRecorded())], false, [], []);
    }

    /// <summary>Sets the rating of a recorded decision; null when no decision has that id.</summary>
    public async Task<RecordedOutcome?> RateAsync(string clientDecisionId, int rating, CancellationToken cancellationToken)
    {
        const string sql = $"update outcomes set rating = @rating where client_decision_id = @clientDecisionId returning {Columns}";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OutcomeRow>(new CommandDefinition(sql, new { clientDecisionId, rating = (short)rating }, cancellationToken: cancellationToken));
        return row?.ToRecorded();
    }

    const string Columns = """
        client_decision_id as ClientDecisionId, mission_id as MissionId, candidate_id as CandidateId, outcome as Outcome,
        decided_at as DecidedAt, rating as Rating, recorded_at as RecordedAt
        """;

    static List<int> Indexes(IReadOnlyList<NewOutcome> decisions, Func<NewOutcome, bool> predicate) =>
        [.. Enumerable.Range(0, decisions.Count).Where(i => predicate(decisions[i]))];

    sealed class OutcomeRow
    {
        public string ClientDecisionId { get; init; } = "";

        public string MissionId { get; init; } = "";

        public string CandidateId { get; init; } = "";

        public string Outcome { get; init; } = "";

        public DateTime DecidedAt { get; init; }

        public short? Rating { get; init; }

        public DateTime RecordedAt { get; init; }

        public RecordedOutcome ToRecorded() =>
            new(ClientDecisionId, CandidateId, Outcome, new DateTimeOffset(DecidedAt, TimeSpan.Zero), Rating, new DateTimeOffset(RecordedAt, TimeSpan.Zero));
    }
}
