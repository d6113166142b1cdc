using System.Text.Json;
using Dapper;
using Matching.Core.Contracts;
using Matching.Core.History;
using Matching.Core.Model;
using Npgsql;

namespace Matching.Api.Outcomes;

/// <summary>
/// The recorded outcomes as a staffing history (docs/training.md): one line per mission with the decisions taken in the
/// window. A candidate decided on more than once for a mission counts with their latest decision (its outcome, rating
/// and snapshot); the mission is its snapshot at its latest decision, and <c>decidedAt</c> that decision's date (UTC).
/// Missions are written in the order training splits them (decision date, then id), streamed: memory holds one mission.
/// </summary>
public sealed class HistoryExport(NpgsqlDataSource dataSource)
{
    /// <param name="from">First day of the window (UTC), included; null: from the first decision.</param>
    /// <param name="to">Last day of the window (UTC), included; null: to the last decision.</param>
    public async Task<RecordedHistory> WriteAsync(TextWriter output, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var window = new
        {
            from = from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            to = to?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        };
        const string inWindow = "(@from::timestamptz is null or decided_at >= @from) and (@to::timestamptz is null or decided_at < @to)";
        const string summary = $"select count(*) as Decisions, min(decided_at) as First, max(decided_at) as Last from outcomes where {inWindow}";
        const string rows = $"""
            with latest as (
                select distinct on (mission_id, candidate_id) mission_id, candidate_id, client_decision_id, outcome, rating, decided_at, candidate, mission
                from outcomes where {inWindow}
                order by mission_id, candidate_id, decided_at desc, client_decision_id desc
            )
            select mission_id as MissionId, candidate_id as CandidateId, outcome as Outcome, rating as Rating, decided_at as DecidedAt,
                   candidate::text as Candidate, mission::text as Mission
            from latest
            order by (max(decided_at) over (partition by mission_id) at time zone 'UTC')::date, mission_id, decided_at, client_decision_id
            """;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<(long Decisions, DateTime? First, DateTime? Last)>(new CommandDefinition(summary, window, cancellationToken: cancellationToken));
        var missions = 0;
        var candidates = 0;
        string? missionId = null;
        var group = new List<OutcomeRow>();
        await foreach (var row in connection.QueryUnbufferedAsync<OutcomeRow>(rows, window).WithCancellation(cancellationToken))
        {
            if (row.MissionId != missionId && group.Count > 0)
            {
                await WriteMissionAsync(output, group);
                missions++;
                group.Clear();
            }

            missionId = row.MissionId;
            group.Add(row);
            candidates++;
        }

        if (group.Count > 0)
        {
            await WriteMissionAsync(output, group);
            missions++;
        }

        return new RecordedHistory((int)counts.Decisions, missions, candidates, Utc(counts.First), Utc(counts.Last), from, to);
    }

    /// <summary>One history line; rows come by decision time, so the last one holds the mission as last known.</summary>
    static async Task WriteMissionAsync(TextWriter output, List<OutcomeRow> group)
    {
        var last = group[^1];
        var line = new HistoricalMission
        {
            Mission = JsonSerializer.Deserialize(last.Mission, MatchingJson.Default.Mission)! with { Id = last.MissionId },
            DecidedAt = DateOnly.FromDateTime(last.DecidedAt),
            Candidates = [.. group.Select(r => new HistoricalCandidate
            {
                Candidate = JsonSerializer.Deserialize(r.Candidate, MatchingJson.Default.Candidate)! with { Id = r.CandidateId },
                Outcome = OutcomeNames.TryParse(r.Outcome, out var outcome) ? outcome : throw new InvalidDataException($"Unknown outcome in the outcomes table: {r.Outcome}"),
                Rating = r.Rating,
            })],
        };
        await output.WriteAsync(JsonSerializer.Serialize(line, HistoryJson.Default.HistoricalMission));
        await output.WriteAsync('\n');
    }

    static DateTimeOffset? Utc(DateTime? time) => time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    sealed class OutcomeRow
    {
        public string MissionId { get; init; } = "";

        public string CandidateId { get; init; } = "";

        public string Outcome { get; init; } = "";

        public short? Rating { get; init; }

        public DateTime DecidedAt { get; init; }

        public string Candidate { get; init; } = "";

        public string Mission { get; init; } = "";
    }
}
