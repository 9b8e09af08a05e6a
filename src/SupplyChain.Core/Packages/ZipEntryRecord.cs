namespace SupplyChain.Core.Packages;

/// <summary>One entry of a zip as its central directory and local header describe it.</summary>
internal sealed class ZipEntryRecord
{
    public required string Name { get; init; }

    public required byte[] NameBytes { get; init; }

    public required ushort Flags { get; init; }

    public required long CompressedSize { get; init; }

    public required long UncompressedSize { get; init; }

    public required long LocalHeaderOffset { get; init; }

    public required long CentralRecordOffset { get; init; }

    public required int CentralRecordSize { get; init; }

    /// <summary>Where the entry's local header, data and data descriptor end; set once all local headers are read.</summary>
    public long LocalEntryEnd { get; set; }

    /// <summary>True when the entry's name is the NuGet package signature: <c>.signature.p7s</c> in ASCII, not flagged as UTF-8.</summary>
    public bool IsPackageSignature => (Flags & ZipDirectory.Utf8Flag) == 0 && Name == ZipDirectory.SignatureEntryName;

    /// <summary>The size of the local header, data and descriptor.</summary>
    public long LocalEntrySize => LocalEntryEnd - LocalHeaderOffset;
}
