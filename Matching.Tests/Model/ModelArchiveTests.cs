using System.IO.Compression;
using Matching.Benchmarks;
using Matching.Core.Model;

namespace Matching.Tests.Model;

public class ModelArchiveTests
{
    /// <summary>The shipped model.zip (binary), a fresh copy.</summary>
    internal static byte[] Shipped => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "models", "default", MlNetModel.FileName));

    [Test]
    public void The_shipped_model_and_the_same_entries_written_again_pass()
    {
        Assert.That(() => ModelArchive.Check(Shipped), Throws.Nothing);
        Assert.That(() => ModelArchive.Check(HostileZips.Rebuilt(Shipped, _ => { })), Throws.Nothing);
    }

    [TestCase("../../evil", "a path out of the archive")]
    [TestCase("TransformerChain/../../evil", "a path out of the archive")]
    [TestCase("/etc/cron.d/evil", "a path out of the archive")]
    [TestCase("C:/evil", "a path out of the archive")]
    [TestCase("TransformerChain/Model/notes.txt", "not one an ML.NET model has")]
    [TestCase("Schema", "twice")]
    public void An_entry_no_model_has_is_refused(string name, string why)
    {
        var zip = HostileZips.Rebuilt(Shipped, z => HostileZips.Text(z, name, "evil"));

        Assert.That(() => ModelArchive.Check(zip), Throws.InstanceOf<ModelLoadException>().With.Message.Contains(why).And.Message.Contains("model.zip is refused"));
    }

    [Test]
    public void A_gigabyte_of_zeros_is_refused_from_its_stated_size_before_anything_is_inflated()
    {
        var zip = HostileZips.Bomb(Shipped);

        Assert.That(zip.Length, Is.LessThan(4 << 20), "the bomb is small");
        // Inflating would find what the entry states; only the central directory's size says this.
        Assert.That(() => ModelArchive.Check(zip), Throws.InstanceOf<ModelLoadException>().With.Message.Contains("inflates to 1,073,741,824 bytes"));
    }

    /// <summary>What the check rests on: ML.NET reads entries through ZipArchive, which stops at the size an entry states.</summary>
    [Test]
    public void An_entry_that_states_less_than_it_holds_is_read_only_as_far_as_it_states()
    {
        using var archive = new ZipArchive(new MemoryStream(HostileZips.Liar(Shipped)), ZipArchiveMode.Read);
        using var trees = archive.GetEntry(HostileZips.Trees)!.Open();
        using var read = new MemoryStream();

        trees.CopyTo(read);

        Assert.That(read.Length, Is.EqualTo(100));
    }

    [Test]
    public void Entries_each_within_the_bound_but_over_it_together_are_refused()
    {
        var zip = Shipped;
        foreach (var entry in ModelArchive.Entries)
        {
            zip = HostileZips.Stating(zip, entry, 60 << 20);
        }

        Assert.That(() => ModelArchive.Check(zip), Throws.InstanceOf<ModelLoadException>().With.Message.Contains("its entries inflate to 503,316,480 bytes"));
    }

    [Test]
    public void A_smaller_bound_refuses_the_shipped_trees()
    {
        Assert.That(() => ModelArchive.Check(Shipped, maxEntryBytes: 100_000),
            Throws.InstanceOf<ModelLoadException>().With.Message.Contains(HostileZips.Trees));
    }
}
