using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Matching.Benchmarks;

/// <summary>
/// model.zip files made from a real one: with an entry added (one that climbs out: "../../evil"), one replaced by a
/// gigabyte of zeros, or sizes that lie. Also compiled into Matching.Tests.
/// </summary>
static class HostileZips
{
    /// <summary>The trees of a binary model.</summary>
    public const string Trees = "TransformerChain/Model/Predictor/Model.key";

    /// <summary><paramref name="model"/>'s entries but <paramref name="replaced"/>, and then whatever <paramref name="add"/> writes.</summary>
    public static byte[] Rebuilt(byte[] model, Action<ZipArchive> add, string? replaced = null)
    {
        using var source = new ZipArchive(new MemoryStream(model), ZipArchiveMode.Read);
        using var stream = new MemoryStream();
        using (var target = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.Where(e => e.FullName != replaced))
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }

            add(target);
        }

        return stream.ToArray();
    }

    public static void Text(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }

    /// <summary>An entry of <paramref name="bytes"/> zeros, written a megabyte at a time: 1 GiB compresses to about a megabyte.</summary>
    public static void Zeros(ZipArchive zip, string name, long bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        var zeros = new byte[1 << 20];
        for (var written = 0L; written < bytes; written += zeros.Length)
        {
            entry.Write(zeros, 0, (int)Math.Min(zeros.Length, bytes - written));
        }
    }

    /// <summary>The model with an extra entry that climbs out of the directory it would be unpacked in.</summary>
    public static byte[] Evil(byte[] model) => Rebuilt(model, zip => Text(zip, "../../evil", "#!/bin/sh\nrm -rf ~\n"));

    /// <summary>The model with its trees replaced by a gigabyte of zeros (about a megabyte compressed; a second to make).</summary>
    public static byte[] Bomb(byte[] model) => Rebuilt(model, zip => Zeros(zip, Trees, 1L << 30), replaced: Trees);

    /// <summary>The model with its trees replaced by 1 MiB of zeros whose headers state 100 bytes.</summary>
    public static byte[] Liar(byte[] model) => Stating(Rebuilt(model, z => Zeros(z, Trees, 1 << 20), replaced: Trees), Trees, 100);

    /// <summary><paramref name="zip"/> with the size its headers state for <paramref name="entry"/> changed to <paramref name="size"/> (in place).</summary>
    public static byte[] Stating(byte[] zip, string entry, uint size)
    {
        var name = Encoding.ASCII.GetBytes(entry);
        for (var at = 0; at + 4 <= zip.Length; at++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at));
            // Local file header: size at 22, name (its length at 26) at 30; central directory header: size at 24, name (its length at 28) at 46.
            var (sizeAt, lengthAt, nameAt) = signature switch { 0x04034b50 => (22, 26, 30), 0x02014b50 => (24, 28, 46), _ => (-1, -1, -1) };
            if (sizeAt > 0 && at + nameAt + name.Length <= zip.Length && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + lengthAt)) == name.Length
                && zip.AsSpan(at + nameAt).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(at + sizeAt), size);
            }
        }

        return zip;
    }
}
