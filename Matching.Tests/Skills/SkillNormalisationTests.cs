using FsCheck;
using FsCheck.Fluent;
using Matching.Core.Skills;

namespace Matching.Tests.Skills;

public class SkillNormalisationTests
{
    [TestCase("C#")]
    [TestCase("c#")]
    [TestCase("CSharp")]
    [TestCase("C sharp")]
    [TestCase("C-Sharp")]
    [TestCase("C♯")]
    public void NormaliseKey_gives_csharp_spellings_one_key(string name) =>
        Assert.That(SkillKeys.NormaliseKey(name), Is.EqualTo("csharp"));

    [Test]
    public void HasKey_is_false_exactly_when_the_key_is_empty() =>
        Check.One(Config.QuickThrowOnFailure, Prop.ForAll<string>(name =>
        {
            name ??= "";
            return SkillKeys.HasKey(name) == (SkillKeys.NormaliseKey(name).Length > 0);
        }));

    [TestCase("!!!", false)]
    [TestCase(" - / ", false)]
    [TestCase("...", false)]
    [TestCase("C#", true)]
    [TestCase("+", true)]
    [TestCase("R", true)]
    public void HasKey_tells_names_from_punctuation(string name, bool expected) =>
        Assert.That(SkillKeys.HasKey(name), Is.EqualTo(expected));

    [Test]
    public void NormaliseKey_keeps_cplusplus_apart_from_c_and_csharp()
    {
        Assert.That(SkillKeys.NormaliseKey("C++"), Is.EqualTo("cplusplus"));
        Assert.That(SkillKeys.NormaliseKey("C"), Is.EqualTo("c"));
        Assert.That(SkillKeys.NormaliseKey("C#"), Is.EqualTo("csharp"));
    }

    [TestCase(".NET")]
    [TestCase("dotnet")]
    [TestCase("Dot Net")]
    [TestCase("dot-net")]
    public void NormaliseKey_reads_a_dot_opening_a_word_as_dot(string name) =>
        Assert.That(SkillKeys.NormaliseKey(name), Is.EqualTo("dotnet"));

    [TestCase("Node.js")]
    [TestCase("nodejs")]
    [TestCase("node js")]
    [TestCase("NODE-JS")]
    public void NormaliseKey_drops_a_dot_inside_a_word(string name) =>
        Assert.That(SkillKeys.NormaliseKey(name), Is.EqualTo("nodejs"));

    [TestCase("machine learning")]
    [TestCase("  Machine-Learning! ")]
    [TestCase("MACHINE_LEARNING")]
    [TestCase("machine\tlearning")]
    [TestCase("Machine Learning.")]
    public void NormaliseKey_ignores_case_punctuation_whitespace_and_hyphens(string name) =>
        Assert.That(SkillKeys.NormaliseKey(name), Is.EqualTo("machinelearning"));

    [Test]
    public void NormaliseKey_folds_latin_accents() =>
        Assert.That(SkillKeys.NormaliseKey("Prépare Canapés"), Is.EqualTo(SkillKeys.NormaliseKey("prepare canapes")));

    [Test]
    public void NormaliseKey_reads_an_ampersand_as_and() =>
        Assert.That(SkillKeys.NormaliseKey("R&D"), Is.EqualTo(SkillKeys.NormaliseKey("R and D")));

    [Test]
    public void NormaliseKey_of_punctuation_alone_is_empty() =>
        Assert.That(SkillKeys.NormaliseKey(" -/()!? "), Is.Empty);

    [Test]
    public void TryNormaliseKey_fails_when_the_key_does_not_fit()
    {
        Span<char> small = stackalloc char[3];
        Assert.That(SkillKeys.TryNormaliseKey("C#", small, out _), Is.False);
    }

    [TestCase("technologies", "technology")]
    [TestCase("processes", "process")]
    [TestCase("databases", "database")]
    [TestCase("approaches", "approach")]
    [TestCase("aws", "aws")]
    [TestCase("business", "business")]
    [TestCase("analysis", "analysis")]
    [TestCase("status", "status")]
    [TestCase("python", "python")]
    public void Singularise_takes_only_safe_plurals_off_the_last_word(string key, string expected)
    {
        var chars = key.ToCharArray();
        Assert.That(new string(chars, 0, SkillKeys.Singularise(chars)), Is.EqualTo(expected));
    }

    [TestCase("Python (computer programming)", "Python")]
    [TestCase("Google Compute Engine (GCE)", "Google Compute Engine")]
    [TestCase("C#", null)]
    [TestCase("(draft) notes", null)]
    public void Unqualified_drops_a_trailing_parenthetical(string label, string? expected) =>
        Assert.That(SkillKeys.Unqualified(label), Is.EqualTo(expected));

    [Test]
    public void NormaliseKey_is_idempotent() =>
        Check.One(Config.QuickThrowOnFailure, Prop.ForAll<string>(name =>
        {
            var key = SkillKeys.NormaliseKey(name ?? "");
            return SkillKeys.NormaliseKey(key) == key;
        }));

    [Test]
    public void NormaliseKey_keeps_only_lower_case_letters_and_digits() =>
        Check.One(Config.QuickThrowOnFailure, Prop.ForAll<string>(name =>
            SkillKeys.NormaliseKey(name ?? "").All(c => char.IsLetterOrDigit(c) && c == char.ToLowerInvariant(c))));

    [Test]
    public void TryNormaliseKey_writes_what_NormaliseKey_returns() =>
        Check.One(Config.QuickThrowOnFailure, Prop.ForAll<string>(name =>
        {
            var buffer = new char[SkillKeys.MaxKeyLength];
            var fits = SkillKeys.TryNormaliseKey(name ?? "", buffer, out var written);
            var key = SkillKeys.NormaliseKey(name ?? "");
            return fits ? new string(buffer, 0, written) == key : key.Length > buffer.Length;
        }));
}
