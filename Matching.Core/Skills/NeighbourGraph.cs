using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;

namespace Matching.Core.Skills;

/// <summary>Each concept's neighbours, ranked, from the catalog's relations: what earns partial credit for it.</summary>
internal static class NeighbourGraph
{
    static readonly ReadOnlyCollection<SkillNeighbour> NoNeighbours = new([]);

    // Runs once at start-up over every concept: compiled optimised at once rather than tiered up mid-loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlyCollection<SkillNeighbour>[] Build(CatalogDocument document)
    {
        var count = document.Concepts.Keys.Length;
        var parents = Linked(count, document.Broader.From, document.Broader.To, null, null);
        var children = Linked(count, document.Broader.To, document.Broader.From, null, null);
        var essential = Linked(count, document.EssentialRelated.From, document.EssentialRelated.To, document.EssentialRelated.To, document.EssentialRelated.From);
        var optional = Linked(count, document.OptionalRelated.From, document.OptionalRelated.To, document.OptionalRelated.To, document.OptionalRelated.From);
        var escoCoOccurring = Scored(count, document.EscoCoOccurrence);
        var onetCoOccurring = Scored(count, document.OnetCoOccurrence);
        var impliedBy = Scored(count, new ScoredPairs(document.Implies.To, document.Implies.From, document.Implies.CreditPerMille), bothWays: false);

        var result = new ReadOnlyCollection<SkillNeighbour>[count];
        var offered = new SkillNeighbour[count];
        var offeredFor = new int[count];
        Array.Fill(offeredFor, -1);
        var candidates = new List<int>();
        for (var required = 0; required < count; required++)
        {
            candidates.Clear();
            foreach (var child in children[required])
            {
                Offer(required, child, SkillRelation.Narrower, AdjacencyWeights.Narrower);
            }

            foreach (var parent in parents[required])
            {
                Offer(required, parent, SkillRelation.Broader, AdjacencyWeights.Broader);
                if (children[parent].Length <= AdjacencyWeights.MaxSiblingFamily)
                {
                    foreach (var sibling in children[parent])
                    {
                        Offer(required, sibling, SkillRelation.Sibling, AdjacencyWeights.Sibling);
                    }
                }
            }

            foreach (var related in essential[required])
            {
                Offer(required, related, SkillRelation.RelatedEssential, AdjacencyWeights.RelatedEssential);
            }

            foreach (var related in optional[required])
            {
                Offer(required, related, SkillRelation.RelatedOptional, AdjacencyWeights.RelatedOptional);
            }

            foreach (var (product, perMille) in impliedBy[required])
            {
                Offer(required, product, SkillRelation.Implies, perMille / 1000f);
            }

            foreach (var (other, perMille) in escoCoOccurring[required])
            {
                Offer(required, other, SkillRelation.CoOccurring, AdjacencyWeights.CoOccurringMax * perMille / 1000f);
            }

            foreach (var (other, perMille) in onetCoOccurring[required])
            {
                Offer(required, other, SkillRelation.CoOccurring, AdjacencyWeights.CoOccurringMax * perMille / 1000f);
            }

            result[required] = candidates.Count == 0 ? NoNeighbours : Ranked(candidates, offered);
        }

        return result;

        void Offer(int required, int held, SkillRelation relation, float credit)
        {
            if (held == required)
            {
                return;
            }

            if (offeredFor[held] != required)
            {
                offeredFor[held] = required;
                offered[held] = new SkillNeighbour(held, relation, credit);
                candidates.Add(held);
            }
            else if (credit > offered[held].Credit || (credit == offered[held].Credit && relation < offered[held].Relation))
            {
                offered[held] = new SkillNeighbour(held, relation, credit);
            }
        }
    }

    static ReadOnlyCollection<SkillNeighbour> Ranked(List<int> candidates, SkillNeighbour[] offered)
    {
        var ranked = new SkillNeighbour[candidates.Count];
        for (var i = 0; i < ranked.Length; i++)
        {
            ranked[i] = offered[candidates[i]];
        }

        Array.Sort(ranked, static (a, b) => a.Credit != b.Credit ? b.Credit.CompareTo(a.Credit) : a.ConceptId.CompareTo(b.ConceptId));
        return new ReadOnlyCollection<SkillNeighbour>(ranked.Length > AdjacencyWeights.MaxNeighbours ? ranked[..AdjacencyWeights.MaxNeighbours] : ranked);
    }

    /// <summary>For each concept, the concepts its edges lead to; the second pair of arrays adds the edges read backwards.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int[][] Linked(int count, int[] from, int[] to, int[]? alsoFrom, int[]? alsoTo)
    {
        var sizes = new int[count];
        foreach (var f in from)
        {
            sizes[f]++;
        }

        foreach (var f in alsoFrom ?? [])
        {
            sizes[f]++;
        }

        var lists = new int[count][];
        for (var i = 0; i < count; i++)
        {
            lists[i] = sizes[i] == 0 ? [] : new int[sizes[i]];
            sizes[i] = 0;
        }

        for (var i = 0; i < from.Length; i++)
        {
            lists[from[i]][sizes[from[i]]++] = to[i];
        }

        for (var i = 0; i < (alsoFrom?.Length ?? 0); i++)
        {
            lists[alsoFrom![i]][sizes[alsoFrom[i]]++] = alsoTo![i];
        }

        return lists;
    }

    static (int Concept, int PerMille)[][] Scored(int count, ScoredPairs pairs, bool bothWays = true)
    {
        var partners = Linked(count, pairs.First, pairs.Second, bothWays ? pairs.Second : null, bothWays ? pairs.First : null);
        var scores = Linked(count, pairs.First, pairs.SimilarityPerMille, bothWays ? pairs.Second : null, bothWays ? pairs.SimilarityPerMille : null);
        var lists = new (int, int)[count][];
        for (var i = 0; i < count; i++)
        {
            lists[i] = new (int, int)[partners[i].Length];
            for (var j = 0; j < lists[i].Length; j++)
            {
                lists[i][j] = (partners[i][j], scores[i][j]);
            }
        }

        return lists;
    }
}
