using System.IO.Pipelines;
using Matching.Api.Http;
using Matching.Core.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Matching.Tests.Api;

public class ResponseWritingTests
{
    sealed class Lifetime : IHttpRequestLifetimeFeature
    {
        readonly CancellationTokenSource aborted = new();

        public CancellationToken RequestAborted { get => aborted.Token; set { } }

        public void Abort() => aborted.Cancel();
    }

    [Test]
    public void A_response_that_fails_half_way_drops_the_connection_instead_of_splicing_a_problem_onto_it()
    {
        var context = new DefaultHttpContext();
        var lifetime = new Lifetime();
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        var pipe = new Pipe();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(pipe.Writer.AsStream()));
        var response = new MatchResponse
        {
            RequestId = "r",
            ModelVersion = "m",
            Counts = new MatchCounts(2, 2, 0, 0),
            // The second score cannot be written (NaN is not JSON): the writer fails after the first result.
            Results = [new RankedCandidate { CandidateId = "a", Rank = 1, Score = 0.5 }, new RankedCandidate { CandidateId = "b", Rank = 2, Score = double.NaN }],
            Excluded = [],
            UnrecognisedSkills = [],
        };

        Assert.That(async () => await new ContractJsonResult<MatchResponse>(response, MatchingJson.Default.MatchResponse).ExecuteAsync(context),
            Throws.InstanceOf<ArgumentException>());
        Assert.That(context.RequestAborted.IsCancellationRequested, Is.True, "the connection is aborted");
    }
}
