using Matching.Core.Skills;

namespace Matching.Tests.Skills;

public class AdjacencyTests
{
    static SkillCatalog Catalog => CommittedCatalog.Instance;

    /// <summary>What a candidate holding <paramref name="held"/> gets when a mission requires <paramref name="required"/>; null for nothing.</summary>
    static SkillNeighbour? Credit(string required, string held)
    {
        var heldId = CommittedCatalog.Resolve(held);
        return Catalog.Neighbours(CommittedCatalog.Resolve(required)).Cast<SkillNeighbour?>().SingleOrDefault(n => n!.Value.ConceptId == heldId);
    }

    [Test]
    public void Neighbours_credit_a_narrower_concept()
    {
        Assert.That(Credit("database management systems", "NoSQL"), Is.EqualTo(new SkillNeighbour(CommittedCatalog.Resolve("NoSQL"), SkillRelation.Narrower, AdjacencyWeights.Narrower)));
        // The reviewed implication table raises PostgreSQL above a plain narrower concept of database management systems.
        Assert.That(Credit("database management systems", "PostgreSQL"), Is.EqualTo(new SkillNeighbour(CommittedCatalog.Resolve("PostgreSQL"), SkillRelation.Implies, 0.8f)));
    }

    [Test]
    public void Neighbours_credit_a_broader_concept_less_than_a_narrower_one()
    {
        Assert.That(Credit("PostgreSQL", "database management systems")?.Relation, Is.EqualTo(SkillRelation.Broader));
        Assert.That(Credit("PostgreSQL", "database management systems")?.Credit, Is.EqualTo(AdjacencyWeights.Broader));
        Assert.That(AdjacencyWeights.Broader, Is.LessThan(AdjacencyWeights.Narrower));
    }

    [Test]
    public void Neighbours_of_csharp_credit_java_and_dotnet_for_sharing_occupations()
    {
        var java = Credit("C#", "Java");
        var dotnet = Credit("C#", ".NET");
        Assert.That(java?.Relation, Is.EqualTo(SkillRelation.CoOccurring));
        Assert.That(java?.Credit, Is.EqualTo(AdjacencyWeights.CoOccurringMax).Within(1e-6));
        // .NET development is mostly C#: the implication table's 0.6 beats sharing occupations.
        Assert.That(dotnet?.Relation, Is.EqualTo(SkillRelation.Implies));
        Assert.That(dotnet?.Credit, Is.EqualTo(0.6f));
    }

    [Test]
    public void Neighbours_keep_the_best_of_several_relations()
    {
        // Java is both a sibling of C# under "computer programming" and listed with it for the same occupations.
        Assert.That(Credit("C#", "Java")?.Credit, Is.GreaterThan(AdjacencyWeights.Sibling));
        Assert.That(Catalog.Neighbours(CommittedCatalog.Resolve("C#")).Count(n => n.ConceptId == CommittedCatalog.Resolve("Java")), Is.EqualTo(1));
    }

    [Test]
    public void Neighbours_credit_siblings_under_a_small_parent() =>
        Assert.That(Credit("Kubernetes", "Docker"), Is.EqualTo(new SkillNeighbour(CommittedCatalog.Resolve("Docker"), SkillRelation.Sibling, AdjacencyWeights.Sibling)));

    [Test]
    public void Neighbours_skip_siblings_under_a_large_parent()
    {
        // "ATM systems" sits only under this group of 156 skills: a filing category, not a family.
        var neighbours = Catalog.Neighbours(CommittedCatalog.Resolve("ATM systems"));
        Assert.That(neighbours.Select(n => n.ConceptId), Does.Contain(CommittedCatalog.Resolve("software and applications development and analysis")));
        Assert.That(neighbours.Select(n => n.Relation), Has.None.EqualTo(SkillRelation.Sibling));
    }

    [Test]
    public void Neighbours_follow_esco_skill_relations_both_ways()
    {
        Assert.That(Credit("plan marketing strategy", "marketing principles")?.Relation, Is.EqualTo(SkillRelation.RelatedEssential));
        Assert.That(Credit("plan marketing strategy", "marketing principles")?.Credit, Is.EqualTo(AdjacencyWeights.RelatedEssential));
        Assert.That(Credit("C#", "use object-oriented programming")?.Relation, Is.EqualTo(SkillRelation.RelatedOptional));
        Assert.That(Credit("C#", "use object-oriented programming")?.Credit, Is.EqualTo(AdjacencyWeights.RelatedOptional));
    }

    [Test]
    public void Neighbours_are_ranked_capped_distinct_and_never_the_concept_itself()
    {
        for (var id = 0; id < Catalog.ConceptCount; id++)
        {
            var neighbours = Catalog.Neighbours(id);
            Assert.That(neighbours, Has.Count.LessThanOrEqualTo(AdjacencyWeights.MaxNeighbours));
            Assert.That(neighbours.Select(n => n.ConceptId), Is.Unique.And.No.EqualTo(id));
            Assert.That(neighbours.Select(n => n.Credit), Is.Ordered.Descending.And.All.InRange(0.001f, 1f));
        }
    }

    [Test]
    public void Neighbours_leave_few_concepts_isolated()
    {
        var isolated = Enumerable.Range(0, Catalog.ConceptCount).Count(id => Catalog.Neighbours(id).Count == 0);
        Assert.That(isolated, Is.LessThan(Catalog.ConceptCount / 50));
    }
}
