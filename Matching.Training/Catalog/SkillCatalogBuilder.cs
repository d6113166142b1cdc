using Matching.Core.Skills;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Matching.Training.Catalog;

/// <summary>
/// Builds the skills catalog file from the raw ESCO and O*NET downloads. The same inputs always give
/// the same bytes: every collection is ordered before it is written.
/// </summary>
public static class SkillCatalogBuilder
{
    /// <summary>Technologies kept per occupation, Hot Technologies first.</summary>
    internal const int MaxTechnologiesPerOccupation = 20;

    const string OnetPrefix = "onet:";
    const string CommodityPrefix = "onet-commodity:";

    // The file is never embedded in HTML, so '+' and accented letters can stay readable.
    static readonly CatalogJson Json = new(new JsonSerializerOptions(CatalogJson.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Writes the catalog; returns what it holds and the vocabulary lines it could not place.</summary>
    public static (SkillCatalogSummary Summary, IReadOnlyList<string> Problems) Build(SkillCatalogSources sources, string outputPath) =>
        Build(sources, outputPath, CuratedVocabulary.Embedded());

    internal static (SkillCatalogSummary Summary, IReadOnlyList<string> Problems) Build(SkillCatalogSources sources, string outputPath, CuratedVocabulary vocabulary)
    {
        var problems = new List<string>();
        var document = Compose(
            EscoSource.Read(sources.EscoClassificationZip, sources.EscoRelationsZip),
            OnetSource.Read(sources.OnetTechnologySkills, sources.OnetOccupationData),
            sources.EscoFrenchFolder is { } french ? FrenchSource.Read(french) : new FrenchSource([]),
            vocabulary,
            sources.Release,
            problems);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        using var file = File.Create(outputPath);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        gzip.Write(JsonSerializer.SerializeToUtf8Bytes(document, Json.CatalogDocument));
        return (document.Summary, problems);
    }

    sealed class Draft(string key, string label, SkillKind kind)
    {
        public string Key { get; } = key;
        public string Label { get; } = label;
        public SkillKind Kind { get; } = kind;
        public SortedSet<string> AltLabels { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> HiddenLabels { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> CuratedAliases { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> CuratedAcronyms { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> CuratedTranslations { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> FrenchLabels { get; } = new(StringComparer.Ordinal);

        /// <summary>ESCO occupation keys and O*NET occupation codes that list this concept.</summary>
        public HashSet<string> Occupations { get; } = new(StringComparer.Ordinal);

        public void AddAltLabels(IEnumerable<string> labels) => AltLabels.UnionWith(labels.Where(l => l != Label));

        public void AddHiddenLabels(IEnumerable<string> labels) => HiddenLabels.UnionWith(labels.Where(l => l != Label));
    }

    static CatalogDocument Compose(EscoSource esco, OnetSource onet, FrenchSource french, CuratedVocabulary vocabulary, string release, List<string> problems)
    {
        var curated = vocabulary.Names.Select(n => (Alias: n.Name, n.Target)).ToList();
        var drafts = new Dictionary<string, Draft>(StringComparer.Ordinal);
        foreach (var skill in esco.Skills)
        {
            var draft = drafts[skill.Key] = new Draft(skill.Key, skill.Label, skill.Kind);
            draft.AddAltLabels(skill.AltLabels);
            draft.AddHiddenLabels(skill.HiddenLabels);
        }

        foreach (var group in esco.Groups)
        {
            var draft = drafts[group.Key] = new Draft(group.Key, group.Label, SkillKind.SkillGroup);
            draft.AddAltLabels(group.AltLabels);
        }

        foreach (var (key, label) in french.Labels)
        {
            if (drafts.TryGetValue(key, out var draft) && label != draft.Label)
            {
                draft.FrenchLabels.Add(label);
            }
        }

        var broader = new HashSet<(string Narrower, string Broader)>();
        foreach (var edge in esco.Broader)
        {
            if (drafts.ContainsKey(edge.Narrower) && drafts.ContainsKey(edge.Broader) && edge.Narrower != edge.Broader)
            {
                broader.Add(edge);
            }
        }

        var essentialRelated = new HashSet<(string, string)>();
        var optionalRelated = new HashSet<(string, string)>();
        foreach (var (skill, essential, related) in esco.SkillRelations)
        {
            if (drafts.ContainsKey(skill) && drafts.ContainsKey(related) && skill != related)
            {
                (essential ? essentialRelated : optionalRelated).Add((skill, related));
            }
        }

        var occupationSkills = new Dictionary<string, (SortedSet<string> Essential, SortedSet<string> Optional)>(StringComparer.Ordinal);
        foreach (var (occupation, essential, skill) in esco.OccupationSkills)
        {
            if (!drafts.TryGetValue(skill, out var draft))
            {
                continue;
            }

            draft.Occupations.Add(occupation);
            if (!occupationSkills.TryGetValue(occupation, out var lists))
            {
                occupationSkills[occupation] = lists = (new(StringComparer.Ordinal), new(StringComparer.Ordinal));
            }

            (essential ? lists.Essential : lists.Optional).Add(skill);
        }

        var products = AddProducts(drafts, broader, onet, curated, out var merged);
        var vocabularyProblems = problems.Count;
        var find = AddCuratedConcepts(drafts, products, broader, vocabulary.Concepts, problems);
        AddCuratedNames(find, products, vocabulary.Names, problems);
        var implied = CuratedImplications(find, vocabulary.Implications, problems);
        var ambiguities = CuratedAmbiguities(find, vocabulary.Ambiguities, problems);

        var ordered = drafts.Values.OrderBy(d => d.Key, StringComparer.Ordinal).ToArray();
        var ids = new Dictionary<string, int>(ordered.Length, StringComparer.Ordinal);
        for (var i = 0; i < ordered.Length; i++)
        {
            ids[ordered[i].Key] = i;
        }

        var concepts = new CatalogConcepts(
            ordered.Select(d => d.Key).ToArray(),
            ordered.Select(d => d.Label).ToArray(),
            ordered.Select(d => d.Kind).ToArray(),
            ordered.Select(d => d.Occupations.Count).ToArray());
        var altLabels = Names(ordered, d => d.AltLabels);
        var hiddenLabels = Names(ordered, d => d.HiddenLabels);
        var curatedAliases = Names(ordered, d => d.CuratedAliases);
        var curatedAcronyms = Names(ordered, d => d.CuratedAcronyms);
        var curatedTranslations = Names(ordered, d => d.CuratedTranslations);
        var frenchLabels = Names(ordered, d => d.FrenchLabels);
        var implies = implied
            .Select(i => (From: ids[i.Key.Product], To: ids[i.Key.Skill], PerMille: (int)MathF.Round(i.Value * 1000)))
            .Order()
            .ToArray();
        var catalogAmbiguities = ambiguities
            .Select(a => new CatalogAmbiguity(a.Name, [.. a.Senses.Select(s => ids[s.Key])], [.. a.Senses.Select(s => s.Cues)]))
            .OrderBy(a => SkillKeys.NormaliseKey(a.Name), StringComparer.Ordinal)
            .ToArray();

        var escoCoOccurrence = CoOccurrence.Similar(occupationSkills
            .OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => o.Value.Essential.Select(s => ids[s]).ToArray()));
        var onetCoOccurrence = CoOccurrence.Similar(onet.Technologies
            .GroupBy(t => t.OccupationCode)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(t => ids[products[SkillKeys.NormaliseKey(t.Product)]]).Distinct().ToArray()));

        var occupations = Occupations(esco, onet, occupationSkills, products, ids);

        var summary = new SkillCatalogSummary(
            Version: release,
            Concepts: ordered.Length,
            EscoSkills: esco.Skills.Count,
            SkillGroups: concepts.Kinds.Count(k => k == SkillKind.SkillGroup),
            Technologies: concepts.Kinds.Count(k => k == SkillKind.Technology),
            ProductsMergedIntoEsco: merged,
            Labels: ordered.Length + altLabels.Names.Length + hiddenLabels.Names.Length + curatedAliases.Names.Length
                + curatedAcronyms.Names.Length + curatedTranslations.Names.Length + frenchLabels.Names.Length,
            FrenchLabels: frenchLabels.Names.Length,
            CuratedNames: curatedAliases.Names.Length + curatedAcronyms.Names.Length + curatedTranslations.Names.Length,
            CuratedConcepts: ordered.Count(d => d.Key.StartsWith(CuratedVocabulary.ConceptPrefix, StringComparison.Ordinal)),
            Implications: implies.Length,
            AmbiguousNames: catalogAmbiguities.Length,
            BroaderEdges: broader.Count,
            RelatedEdges: essentialRelated.Count + optionalRelated.Count,
            CoOccurrenceEdges: escoCoOccurrence.First.Length + onetCoOccurrence.First.Length,
            Occupations: occupations.Length,
            OccupationsWithTechnologies: occupations.Count(o => o.Technologies.Length > 0),
            VocabularyProblems: problems.Count - vocabularyProblems);

        var document = new CatalogDocument(
            CatalogDocument.CurrentFormat,
            summary,
            concepts,
            altLabels,
            hiddenLabels,
            curatedAliases,
            curatedAcronyms,
            curatedTranslations,
            frenchLabels,
            Pairs(broader, ids),
            Pairs(essentialRelated, ids),
            Pairs(optionalRelated, ids),
            escoCoOccurrence,
            onetCoOccurrence,
            new CreditedPairs([.. implies.Select(i => i.From)], [.. implies.Select(i => i.To)], [.. implies.Select(i => i.PerMille)]),
            catalogAmbiguities,
            occupations);

        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(document, Json.CatalogDocument));
        return document with { Summary = summary with { Version = $"{release}+{Convert.ToHexStringLower(hash)[..12]}" } };
    }

    /// <summary>
    /// Adds one concept per distinct O*NET product (by normalised name) unless it is an ESCO concept already,
    /// which it is when a curated alias says so, or its name is the ESCO preferred label, with or without
    /// the label's parenthetical qualifier, or an ESCO alternative label of a concept whose own name it
    /// contains ("IBM DB2" for "DB2"). An alternative label that does not pass that test names a category
    /// ("Git" is one for "tools for software configuration management"): the product stays its own concept,
    /// placed under that category. Each product also goes under its O*NET commodity, kept as a skill group.
    /// Returns the concept key of every product key.
    /// </summary>
    static Dictionary<string, string> AddProducts(
        Dictionary<string, Draft> drafts,
        HashSet<(string, string)> broader,
        OnetSource onet,
        IReadOnlyList<(string Alias, string Target)> curated,
        out int merged)
    {
        var escoSkills = drafts.Values
            .Where(d => d.Kind != SkillKind.SkillGroup)
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .ToList();
        var byPreferred = new Dictionary<string, Draft>(StringComparer.Ordinal);
        var byUnqualified = new Dictionary<string, List<Draft>>(StringComparer.Ordinal);
        var byAlternative = new Dictionary<string, List<Draft>>(StringComparer.Ordinal);
        foreach (var skill in escoSkills)
        {
            byPreferred.TryAdd(SkillKeys.NormaliseKey(skill.Label), skill);
            if (SkillKeys.Unqualified(skill.Label) is { } unqualified)
            {
                Index(byUnqualified, SkillKeys.NormaliseKey(unqualified), skill);
            }

            foreach (var label in skill.AltLabels.Concat(skill.HiddenLabels).Select(l => SkillKeys.NormaliseKey(l)).Distinct())
            {
                Index(byAlternative, label, skill);
            }
        }

        var curatedTargets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (alias, target) in curated)
        {
            curatedTargets.TryAdd(SkillKeys.NormaliseKey(alias), SkillKeys.NormaliseKey(target));
        }

        merged = 0;
        var products = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var product in onet.Technologies.GroupBy(t => SkillKeys.NormaliseKey(t.Product)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = product.Select(t => t.Product).Min(StringComparer.Ordinal)!;
            var alternatives = byAlternative.GetValueOrDefault(product.Key) ?? [];
            var draft = (curatedTargets.TryGetValue(product.Key, out var target) ? byPreferred.GetValueOrDefault(target) : null)
                ?? byPreferred.GetValueOrDefault(product.Key)
                ?? MostListed(byUnqualified.GetValueOrDefault(product.Key) ?? [])
                ?? MostListed(alternatives.Where(a => NamedWithin(a, product.Key)));

            if (draft is null)
            {
                draft = drafts[OnetPrefix + product.Key] = new Draft(OnetPrefix + product.Key, name, SkillKind.Technology);
                broader.UnionWith(alternatives.Select(category => (draft.Key, category.Key)));
            }
            else
            {
                draft.AddAltLabels([name]);
                merged++;
            }

            products[product.Key] = draft.Key;
            foreach (var row in product)
            {
                draft.Occupations.Add(row.OccupationCode);
                var commodity = CommodityPrefix + row.CommodityCode;
                if (!drafts.ContainsKey(commodity))
                {
                    drafts[commodity] = new Draft(commodity, row.CommodityTitle, SkillKind.SkillGroup);
                }

                broader.Add((draft.Key, commodity));
            }
        }

        return products;
    }

    /// <summary>True when the product key contains the concept's own name, qualifier dropped, of three characters or more.</summary>
    static bool NamedWithin(Draft concept, string productKey)
    {
        var name = SkillKeys.NormaliseKey(SkillKeys.Unqualified(concept.Label) ?? concept.Label);
        return name.Length >= 3 && productKey.Contains(name, StringComparison.Ordinal);
    }

    static Draft? MostListed(IEnumerable<Draft> candidates) =>
        candidates.OrderByDescending(d => d.Occupations.Count).ThenBy(d => d.Key, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>
    /// Adds the curated concepts and their broader edges. Returns how a vocabulary target is found: a concept
    /// key, an O*NET product name (merged or not), or a preferred label that names one concept (skills before groups).
    /// </summary>
    static Func<string, string, List<string>, Draft?> AddCuratedConcepts(
        Dictionary<string, Draft> drafts,
        Dictionary<string, string> products,
        HashSet<(string, string)> broader,
        IReadOnlyList<CuratedConcept> concepts,
        List<string> problems)
    {
        foreach (var concept in concepts)
        {
            var key = CuratedVocabulary.ConceptPrefix + SkillKeys.NormaliseKey(concept.Label);
            if (!drafts.TryAdd(key, new Draft(key, concept.Label, SkillKind.SkillCompetence)))
            {
                problems.Add($"{concept.Source}: concept '{concept.Label}' is defined twice.");
            }
        }

        var byLabel = new Dictionary<string, Draft>(StringComparer.Ordinal);
        var shared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var draft in drafts.Values.OrderBy(d => d.Kind == SkillKind.SkillGroup).ThenBy(d => d.Key, StringComparer.Ordinal))
        {
            var label = SkillKeys.NormaliseKey(draft.Label);
            if (!byLabel.TryAdd(label, draft) && (draft.Kind != SkillKind.SkillGroup || byLabel[label].Kind == SkillKind.SkillGroup))
            {
                shared.Add(label);
            }
        }

        Draft? Find(string target, string source, List<string> problems)
        {
            if (drafts.TryGetValue(target, out var byKey))
            {
                return byKey;
            }

            var key = SkillKeys.NormaliseKey(target);
            if (products.TryGetValue(key, out var product))
            {
                return drafts[product];
            }

            if (byLabel.TryGetValue(key, out var found))
            {
                if (shared.Contains(key))
                {
                    problems.Add($"{source}: '{target}' is the label of several concepts; {found.Key} was taken, name the concept by its key.");
                }

                return found;
            }

            problems.Add($"{source}: no concept is named '{target}'.");
            return null;
        }

        foreach (var concept in concepts)
        {
            var key = CuratedVocabulary.ConceptPrefix + SkillKeys.NormaliseKey(concept.Label);
            foreach (var parent in concept.Broader)
            {
                if (Find(parent, concept.Source, problems) is { } found && found.Key != key)
                {
                    broader.Add((key, found.Key));
                }
            }
        }

        return Find;
    }

    /// <summary>Attaches each curated name to its concept, unless it is an O*NET product name already merged there.</summary>
    static void AddCuratedNames(Func<string, string, List<string>, Draft?> find, Dictionary<string, string> products, IReadOnlyList<CuratedName> names, List<string> problems)
    {
        var claimed = new Dictionary<string, (string Key, string Source)>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (find(name.Target, name.Source, problems) is not { } draft)
            {
                continue;
            }

            var key = SkillKeys.NormaliseKey(name.Name);
            if (claimed.TryGetValue(key, out var earlier) && earlier.Key != draft.Key)
            {
                problems.Add($"{name.Source}: '{name.Name}' already names {earlier.Key} ({earlier.Source}); this line is ignored.");
                continue;
            }

            claimed.TryAdd(key, (draft.Key, name.Source));

            if (products.TryGetValue(SkillKeys.NormaliseKey(name.Name), out var product) && product == draft.Key)
            {
                continue;
            }

            (name.Kind switch
            {
                CuratedNameKind.Acronym => draft.CuratedAcronyms,
                CuratedNameKind.Translation => draft.CuratedTranslations,
                _ => draft.CuratedAliases,
            }).Add(name.Name);
        }
    }

    /// <summary>Product → skill credits; a pair listed twice keeps its higher credit.</summary>
    static Dictionary<(string Product, string Skill), float> CuratedImplications(
        Func<string, string, List<string>, Draft?> find, IReadOnlyList<CuratedImplication> implications, List<string> problems)
    {
        var pairs = new Dictionary<(string, string), float>();
        foreach (var implication in implications)
        {
            if (find(implication.Product, implication.Source, problems) is { } product
                && find(implication.Skill, implication.Source, problems) is { } skill
                && product != skill)
            {
                var pair = (product.Key, skill.Key);
                pairs[pair] = Math.Max(pairs.GetValueOrDefault(pair), implication.Credit);
            }
        }

        return pairs;
    }

    static List<(string Name, List<(string Key, string[] Cues)> Senses)> CuratedAmbiguities(
        Func<string, string, List<string>, Draft?> find, IReadOnlyList<CuratedAmbiguity> ambiguities, List<string> problems)
    {
        var result = new List<(string, List<(string, string[])>)>();
        foreach (var ambiguity in ambiguities)
        {
            var senses = new List<(string Key, string[] Cues)>();
            foreach (var sense in ambiguity.Senses)
            {
                if (find(sense.Target, ambiguity.Source, problems) is { } draft && senses.TrueForAll(s => s.Key != draft.Key))
                {
                    senses.Add((draft.Key, sense.Cues));
                }
            }

            if (senses.Count >= 2)
            {
                result.Add((ambiguity.Name, senses));
            }
            else
            {
                problems.Add($"{ambiguity.Source}: '{ambiguity.Name}' needs two distinct senses.");
            }
        }

        return result;
    }

    static CatalogOccupation[] Occupations(
        EscoSource esco,
        OnetSource onet,
        Dictionary<string, (SortedSet<string> Essential, SortedSet<string> Optional)> occupationSkills,
        Dictionary<string, string> products,
        Dictionary<string, int> ids)
    {
        var technologies = onet.Technologies
            .GroupBy(t => t.OccupationCode)
            .ToDictionary(g => g.Key, g => g
                .Select(t => (t.Hot, t.InDemand, Id: ids[products[SkillKeys.NormaliseKey(t.Product)]]))
                .OrderByDescending(t => t.Hot)
                .ThenByDescending(t => t.InDemand)
                .ThenBy(t => t.Id)
                .Select(t => t.Id)
                .Distinct()
                .Take(MaxTechnologiesPerOccupation)
                .ToArray(), StringComparer.Ordinal);

        var crosswalk = new OccupationCrosswalk(onet.Occupations
            .Where(o => technologies.ContainsKey(o.Code))
            .OrderBy(o => o.Code, StringComparer.Ordinal)
            .ToList());

        return esco.Occupations
            .OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o =>
            {
                var skills = occupationSkills.GetValueOrDefault(o.Key, ([], []));
                var code = crosswalk.Match([o.Label, .. o.AltLabels]);
                return new CatalogOccupation(
                    o.Key,
                    o.Label,
                    skills.Essential.Select(s => ids[s]).Order().ToArray(),
                    skills.Optional.Select(s => ids[s]).Order().ToArray(),
                    code is null ? [] : technologies[code]);
            })
            .ToArray();
    }

    static ConceptPairs Pairs(HashSet<(string From, string To)> edges, Dictionary<string, int> ids)
    {
        var pairs = edges.Select(e => (From: ids[e.From], To: ids[e.To])).Order().ToArray();
        return new ConceptPairs(pairs.Select(p => p.From).ToArray(), pairs.Select(p => p.To).ToArray());
    }

    static void Index(Dictionary<string, List<Draft>> index, string key, Draft draft)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(draft);
    }

    static ConceptNames Names(Draft[] ordered, Func<Draft, SortedSet<string>> names)
    {
        var pairs = ordered.SelectMany((d, id) => names(d).Select(name => (id, name))).ToArray();
        return new ConceptNames(pairs.Select(p => p.id).ToArray(), pairs.Select(p => p.name).ToArray());
    }
}
