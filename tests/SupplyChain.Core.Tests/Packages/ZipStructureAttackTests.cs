using System;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Tests.Packages;

/// <summary>
/// <see cref="ZipDirectory"/> against zip files crafted byte by byte: each ambiguity that lets two readers see different
/// contents (a second disk, records that disagree, gaps, overlaps, a signature that is not last, encrypted entries) is
/// SCSDK1018 with its own reason; the structures real packages use (ZIP64 records and extra fields, data descriptors)
/// are read correctly.
/// </summary>
public sealed class ZipStructureAttackTests
{
    private const string Sig = ZipDirectory.SignatureEntryName;

    private static CraftedZip TwoEntries() => new CraftedZip().Add("lib/a.dll", "aaaa").Add("lib/b.dll", "bbbbbb");

    private static ZipDirectory Read(byte[] bytes) => ZipDirectory.Read(new MemoryStream(bytes), "crafted.nupkg");

    private static void AssertUnreadable(byte[] bytes, string reason)
    {
        var ex = Assert.Throws<SupplyChainException>(() => Read(bytes));
        Assert.Equal("SCSDK1018", ex.Diagnostic.Code);
        Assert.Equal("crafted.nupkg", ex.Diagnostic.File);
        Assert.Contains(reason, ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainZip_IsReadWithItsOffsets()
    {
        var zip = TwoEntries();
        var bytes = zip.Build();

        var directory = Read(bytes);

        Assert.Equal(new[] { "lib/a.dll", "lib/b.dll" }, directory.Entries.Select(e => e.Name));
        Assert.Equal(zip.LocalOffsets, directory.Entries.Select(e => e.LocalHeaderOffset));
        Assert.Equal(new[] { zip.LocalOffsets[1], zip.CentralDirectoryOffset }, directory.Entries.Select(e => e.LocalEntryEnd));
        Assert.Equal(zip.CentralOffsets, directory.Entries.Select(e => e.CentralRecordOffset));
        Assert.Equal(new long[] { 4, 6 }, directory.Entries.Select(e => e.UncompressedSize));
        Assert.Equal((zip.CentralDirectoryOffset, zip.CentralDirectorySize, zip.EndOffset), (directory.CentralDirectoryOffset, directory.CentralDirectorySize, directory.EndRecordOffset));
        Assert.Null(directory.Zip64EndRecordOffset);
        Assert.Equal(zip.EndOffset, directory.TailOffset);
        Assert.Equal(bytes.Length, directory.FileLength);
        Assert.Null(directory.SignatureEntry);
    }

    [Fact]
    public void SmallestPossibleEntry_LastInTheFileAndTheDirectory_IsRead()
    {
        // An entry with no name and no data: its local header is exactly the 30-byte fixed part and ends where the
        // central directory begins, and its central header is exactly the 46-byte fixed part at the directory's end.
        // The bounds checks are inclusive: a structure that fits to the byte is not "overlapping" or "cut short".
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa").Add(string.Empty, string.Empty);
        var bytes = zip.Build();

        var directory = Read(bytes);

        Assert.Equal(new[] { "lib/a.dll", string.Empty }, directory.Entries.Select(e => e.Name));
        Assert.Equal(zip.CentralDirectoryOffset, zip.LocalOffsets[1] + 30);
        Assert.Equal(zip.CentralDirectoryOffset + zip.CentralDirectorySize, zip.CentralOffsets[1] + 46);
        Assert.Equal(zip.CentralDirectoryOffset, directory.Entries[1].LocalEntryEnd);
    }

    [Fact]
    public void EmptyZip_IsReadWithNoEntries()
    {
        Assert.Empty(Read(new CraftedZip().Build()).Entries);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Zip64Records_AreRead(bool sentinels)
    {
        var zip = TwoEntries();
        zip.Zip64 = true;
        zip.Sentinels = sentinels;
        var bytes = zip.Build();

        var directory = Read(bytes);

        Assert.Equal(2, directory.Entries.Count);
        Assert.Equal(zip.Zip64EndOffset, directory.Zip64EndRecordOffset);
        Assert.Equal(zip.LocatorOffset, directory.Zip64LocatorOffset);
        Assert.Equal(zip.Zip64EndOffset, directory.TailOffset);
        Assert.Equal((zip.CentralDirectoryOffset, zip.CentralDirectorySize), (directory.CentralDirectoryOffset, directory.CentralDirectorySize));
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, 0u)]
    public void Zip64ExtraField_GivesTheSizesAndOffset(bool otherExtraFirst, uint? disk)
    {
        var zip = new CraftedZip()
            .Add("lib/a.dll", "aaaa", e => (e.Zip64Extra, e.OtherExtraFirst, e.Zip64Disk) = (true, otherExtraFirst, disk))
            .Add("lib/b.dll", "bbbbbb", e => (e.Zip64Extra, e.OtherExtraFirst, e.Zip64Disk) = (true, otherExtraFirst, disk));

        var directory = Read(zip.Build());

        Assert.Equal(new long[] { 4, 6 }, directory.Entries.Select(e => e.UncompressedSize));
        Assert.Equal(new long[] { 4, 6 }, directory.Entries.Select(e => e.CompressedSize));
        Assert.Equal(zip.LocalOffsets, directory.Entries.Select(e => e.LocalHeaderOffset));
    }

    [Fact]
    public void Zip64ExtraField_Missing_IsUnreadable()
    {
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => (e.Zip64Extra, e.CentralExtra) = (true, new byte[] { 0x55, 0x54, 1, 0, 1 }));
        AssertUnreadable(zip.Build(), "needs a ZIP64 extra field, which is missing");
    }

    [Theory]
    [InlineData(23)] // the three sizes need 24 bytes
    [InlineData(16)]
    [InlineData(0)]
    public void Zip64ExtraField_TooShortForItsValues_IsUnreadable(int length)
    {
        var extra = new byte[4 + length];
        extra[0] = 1;
        extra[2] = (byte)length;
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => (e.Zip64Extra, e.CentralExtra) = (true, extra));
        AssertUnreadable(zip.Build(), "a ZIP64 extra field is too short");
    }

    [Fact]
    public void Zip64ExtraField_WithoutTheDiskNumberItNeeds_IsUnreadable()
    {
        // The header says the disk number is in the extra field (0xFFFF), but the field holds only the three 8-byte values.
        var extra = new byte[4 + 24];
        (extra[0], extra[2]) = (1, 24);
        CraftedZip.U64(extra, 4, 4);
        CraftedZip.U64(extra, 12, 4);
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => (e.Zip64Extra, e.Zip64Disk, e.CentralExtra) = (true, 0u, extra));
        AssertUnreadable(zip.Build(), "a ZIP64 extra field is too short");
    }

    [Fact]
    public void Zip64ExtraField_DiskNumberOfAnotherDisk_IsUnreadable()
    {
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => (e.Zip64Extra, e.Zip64Disk) = (true, 1u));
        AssertUnreadable(zip.Build(), "the entry 'lib/a.dll' is on another disk");
    }

    [Fact]
    public void Zip64ExtraField_ValueBeyondLongMaxValue_IsUnreadable()
    {
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => e.Zip64Extra = true);
        var bytes = zip.Build();
        var data = zip.CentralOffsets[0] + 46 + "lib/a.dll".Length + 4;
        CraftedZip.U64(bytes, data, (ulong)long.MaxValue + 1);
        AssertUnreadable(bytes, "a ZIP64 size or offset is out of range");
    }

    [Fact]
    public void ExtraField_RunningPastItsHeader_IsUnreadable()
    {
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => e.CentralExtra = new byte[] { 0x55, 0x54, 6, 0, 1, 0, 0, 0, 0 });
        AssertUnreadable(zip.Build(), "an extra field runs past the end of its header");
    }

    [Theory]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(20)]
    [InlineData(24)]
    public void DataDescriptor_OfEachStandardLength_EndsTheEntry(int length)
    {
        var zip = new CraftedZip()
            .Add("lib/a.dll", "aaaa", e => (e.Flags, e.DescriptorLength) = (8, length))
            .Add("lib/b.dll", "bbbbbb", e => (e.Flags, e.DescriptorLength) = (8, length));

        var directory = Read(zip.Build());

        Assert.Equal(new[] { zip.LocalOffsets[1], zip.CentralDirectoryOffset }, directory.Entries.Select(e => e.LocalEntryEnd));
    }

    [Theory]
    [InlineData(12, 1)] // a byte the descriptor does not account for
    [InlineData(16, 4)] // a signed descriptor of 20 bytes must use 8-byte sizes, 24 in all
    [InlineData(12, 12)]
    public void DataDescriptor_FollowedByUnaccountedBytes_IsUnreadable(int length, int padding)
    {
        var zip = new CraftedZip()
            .Add("lib/a.dll", "aaaa", e => (e.Flags, e.DescriptorLength, e.PaddingAfter) = (8, length, padding))
            .Add("lib/b.dll", "bbbbbb");
        AssertUnreadable(zip.Build(), "the entry 'lib/a.dll' does not end where the next entry or the central directory begins");
    }

    [Fact]
    public void DataDescriptorFlag_WithNoRoomForADescriptor_IsUnreadable()
    {
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => e.Flags = 8).Add("lib/b.dll", "bbbbbb");
        AssertUnreadable(zip.Build(), "the entry 'lib/a.dll' does not end where");
    }

    [Fact]
    public void Signature_LastInTheFileButNotLastInTheCentralDirectory_IsUnreadable()
    {
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa").Add(Sig, "signature");
        zip.CentralOrder = new[] { 1, 0 };
        AssertUnreadable(zip.Build(), $"its signature entry '{Sig}' is not the last entry of the central directory");
    }

    [Fact]
    public void Signature_LastInTheCentralDirectoryButNotLastInTheFile_IsUnreadable()
    {
        var zip = new CraftedZip().Add(Sig, "signature").Add("lib/a.dll", "aaaa");
        zip.CentralOrder = new[] { 1, 0 };
        AssertUnreadable(zip.Build(), $"its signature entry '{Sig}' is not the last entry of the file");
    }

    [Fact]
    public void Signature_LastInBoth_IsTheSignatureEntry()
    {
        var directory = Read(new CraftedZip().Add("lib/a.dll", "aaaa").Add(Sig, "signature").Build());
        Assert.Same(directory.Entries[1], directory.SignatureEntry);
    }

    [Fact]
    public void GapBetweenTheCentralDirectoryAndTheEndRecord_IsUnreadable()
    {
        var zip = TwoEntries();
        zip.GapBeforeEndRecords = 3;
        AssertUnreadable(zip.Build(), "does not end where the end records begin");
    }

    [Fact]
    public void GapBetweenTheCentralDirectoryAndTheZip64Record_IsUnreadable()
    {
        var zip = TwoEntries();
        (zip.Zip64, zip.Sentinels, zip.GapBeforeEndRecords) = (true, true, 3);
        AssertUnreadable(zip.Build(), "does not end where the end records begin");
    }

    [Theory]
    [InlineData(4, "it spans several disks")]
    [InlineData(6, "it spans several disks")]
    [InlineData(8, "counts 1 entries on this disk but 2 in all")]
    public void EndRecord_DiskFields_AreChecked(int field, string reason)
    {
        var zip = TwoEntries();
        var bytes = zip.Build();
        CraftedZip.U16(bytes, zip.EndOffset + field, 1);
        AssertUnreadable(bytes, reason);
    }

    [Fact]
    public void EndRecord_NeedingZip64WithoutIt_IsUnreadable()
    {
        var zip = TwoEntries();
        var bytes = zip.Build();
        CraftedZip.U32(bytes, zip.EndOffset + 12, uint.MaxValue);
        AssertUnreadable(bytes, "needs a ZIP64 record, which is missing");
    }

    [Theory]
    [InlineData(4, 1u, "its ZIP64 locator names several disks")]
    [InlineData(16, 2u, "its ZIP64 locator names several disks")]
    public void Zip64Locator_OfSeveralDisks_IsUnreadable(int field, uint value, string reason)
    {
        var zip = TwoEntries();
        zip.Zip64 = true;
        var bytes = zip.Build();
        CraftedZip.U32(bytes, zip.LocatorOffset + field, value);
        AssertUnreadable(bytes, reason);
    }

    [Fact]
    public void Zip64Locator_SayingNoDisks_IsRead()
    {
        // Some writers put 0 for "total disks"; only more than one disk is refused.
        var zip = TwoEntries();
        zip.Zip64 = true;
        var bytes = zip.Build();
        CraftedZip.U32(bytes, zip.LocatorOffset + 16, 0);
        Assert.Equal(2, Read(bytes).Entries.Count);
    }

    [Theory]
    [InlineData(1, "its ZIP64 locator points outside the file")] // one byte too far for a whole record before the locator
    [InlineData(-1, "does not point to a ZIP64 end of central directory record")]
    public void Zip64Locator_PointingElsewhere_IsUnreadable(int shift, string reason)
    {
        var zip = TwoEntries();
        zip.Zip64 = true;
        var bytes = zip.Build();
        CraftedZip.U64(bytes, zip.LocatorOffset + 8, (ulong)(zip.Zip64EndOffset + shift));
        AssertUnreadable(bytes, reason);
    }

    [Theory]
    [InlineData(43ul)]
    [InlineData(45ul)]
    [InlineData(0ul)]
    public void Zip64Record_WhoseSizeDoesNotReachTheLocator_IsUnreadable(ulong size)
    {
        var zip = TwoEntries();
        zip.Zip64 = true;
        var bytes = zip.Build();
        CraftedZip.U64(bytes, zip.Zip64EndOffset + 4, size);
        AssertUnreadable(bytes, "its ZIP64 end of central directory record does not end where the locator begins");
    }

    [Theory]
    [InlineData(16, "its ZIP64 record names several disks")]
    [InlineData(20, "its ZIP64 record names several disks")]
    public void Zip64Record_OfSeveralDisks_IsUnreadable(int field, string reason)
    {
        var zip = TwoEntries();
        zip.Zip64 = true;
        var bytes = zip.Build();
        CraftedZip.U32(bytes, zip.Zip64EndOffset + field, 1);
        AssertUnreadable(bytes, reason);
    }

    [Theory]
    [InlineData(24, 1ul)]
    [InlineData(32, 1ul)]
    [InlineData(24, (ulong)int.MaxValue + 1)]
    public void Zip64Record_InconsistentCounts_IsUnreadable(int field, ulong value)
    {
        var zip = TwoEntries();
        (zip.Zip64, zip.Sentinels) = (true, true);
        var bytes = zip.Build();
        CraftedZip.U64(bytes, zip.Zip64EndOffset + field, value);
        if (value > int.MaxValue)
        {
            CraftedZip.U64(bytes, zip.Zip64EndOffset + 32, value);
        }

        AssertUnreadable(bytes, "its ZIP64 record has inconsistent entry counts");
    }

    [Theory]
    [InlineData(8)] // entry counts
    [InlineData(12)] // central directory size
    [InlineData(16)] // central directory offset
    public void EndRecordAndZip64Record_Disagreeing_IsUnreadable(int endRecordField)
    {
        // Two readers would see two different directories: one that reads the classic record, one that reads ZIP64.
        var zip = TwoEntries();
        (zip.Zip64, zip.Sentinels) = (true, true);
        var bytes = zip.Build();
        switch (endRecordField)
        {
            case 8:
                CraftedZip.U16(bytes, zip.EndOffset + 8, 1);
                CraftedZip.U16(bytes, zip.EndOffset + 10, 1);
                break;
            case 12:
                CraftedZip.U32(bytes, zip.EndOffset + 12, (uint)zip.CentralDirectorySize + 1);
                break;
            default:
                CraftedZip.U32(bytes, zip.EndOffset + 16, (uint)zip.CentralDirectoryOffset - 1);
                break;
        }

        AssertUnreadable(bytes, "its end of central directory record and ZIP64 record disagree");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(16)]
    public void EndRecordAndZip64Record_AgreeingInOneFieldBesideSentinels_IsRead(int endRecordField)
    {
        var zip = TwoEntries();
        (zip.Zip64, zip.Sentinels) = (true, true);
        var bytes = zip.Build();
        switch (endRecordField)
        {
            case 8:
                CraftedZip.U16(bytes, zip.EndOffset + 8, 2);
                CraftedZip.U16(bytes, zip.EndOffset + 10, 2);
                break;
            case 12:
                CraftedZip.U32(bytes, zip.EndOffset + 12, (uint)zip.CentralDirectorySize);
                break;
            default:
                CraftedZip.U32(bytes, zip.EndOffset + 16, (uint)zip.CentralDirectoryOffset);
                break;
        }

        Assert.Equal(2, Read(bytes).Entries.Count);
    }

    [Fact]
    public void CentralHeaders_WithComments_AreReadWithTheirNamesAndOffsets()
    {
        using var buffer = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, comment) in new[] { ("lib/a.dll", "first comment"), ("lib/b.dll", "a second, longer comment"), ("lib/c.dll", string.Empty) })
            {
                var entry = archive.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression);
                entry.Comment = comment;
                using var writer = new StreamWriter(entry.Open());
                writer.Write(name);
            }
        }

        var bytes = buffer.ToArray();
        var directory = Read(bytes);
        Assert.Equal(new[] { "lib/a.dll", "lib/b.dll", "lib/c.dll" }, directory.Entries.Select(e => e.Name));
        Assert.Equal(directory.Entries[1].LocalHeaderOffset, directory.Entries[0].LocalEntryEnd);
        Assert.Equal(46 + "lib/a.dll".Length + "first comment".Length, directory.Entries[0].CentralRecordSize);
        Assert.Equal(directory.Entries[0].CentralRecordOffset + directory.Entries[0].CentralRecordSize, directory.Entries[1].CentralRecordOffset);
    }

    [Theory]
    [InlineData(28, 200)] // the name
    [InlineData(30, 200)] // the extra field
    [InlineData(32, 10)] // the comment
    public void CentralHeader_RunningPastTheEndOfTheDirectory_IsUnreadable(int lengthField, ushort length)
    {
        var zip = TwoEntries();
        var bytes = zip.Build();
        CraftedZip.U16(bytes, zip.CentralOffsets[1] + lengthField, length);
        AssertUnreadable(bytes, "its central directory ends inside a header");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public void LocalHeaders_WithExtraFields_EndWhereTheNextEntryBegins(int descriptorLength)
    {
        // An extended-timestamp field (0x5455) in the local headers only, as many zip tools write.
        var timestamp = new byte[] { 0x55, 0x54, 5, 0, 1, 0x10, 0x20, 0x30, 0x40 };
        var zip = new CraftedZip()
            .Add("lib/a.dll", "aaaa", e => (e.LocalExtra, e.DescriptorLength, e.Flags) = (timestamp, descriptorLength, (ushort)(descriptorLength > 0 ? 8 : 0)))
            .Add("lib/b.dll", "bbbbbb", e => e.LocalExtra = timestamp);
        var directory = Read(zip.Build());
        Assert.Equal(zip.LocalOffsets[1], directory.Entries[0].LocalEntryEnd);
        Assert.Equal(zip.CentralDirectoryOffset, directory.Entries[1].LocalEntryEnd);
    }

    [Fact]
    public void FileShorterThanItsLength_ATruncationWhileItIsRead_IsUnreadableNotACrash()
    {
        var bytes = TwoEntries().Build();
        var ex = Assert.Throws<SupplyChainException>(() => ZipDirectory.Read(new LyingLengthStream(bytes[..^10], bytes.Length), "crafted.nupkg"));
        Assert.Equal("SCSDK1018", ex.Diagnostic.Code);
        Assert.Contains("the file ends inside a record", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndRecord_CountingTheLow16BitsOfTheZip64Count_IsUnreadable()
    {
        // 65,538 entries; the classic record says 2 (65,538 mod 65,536) instead of the 0xFFFF sentinel. A reader that
        // takes the classic count lists two entries, ours would list 65,538: the two records must agree exactly.
        var zip = new CraftedZip();
        for (var i = 0; i < 65_538; i++)
        {
            zip.Add("lib/" + i.ToString("x5", System.Globalization.CultureInfo.InvariantCulture), string.Empty);
        }

        (zip.Zip64, zip.Sentinels) = (true, true);
        var bytes = zip.Build();
        Assert.Equal(65_538, Read(bytes).Entries.Count);
        CraftedZip.U16(bytes, zip.EndOffset + 8, 2);
        CraftedZip.U16(bytes, zip.EndOffset + 10, 2);
        AssertUnreadable(bytes, "its end of central directory record and ZIP64 record disagree");
    }

    [Fact]
    public void Zip64Record_ItsEntryCountIsTheOneChecked()
    {
        var zip = TwoEntries();
        (zip.Zip64, zip.Sentinels) = (true, true);
        var bytes = zip.Build();
        CraftedZip.U64(bytes, zip.Zip64EndOffset + 24, 3);
        CraftedZip.U64(bytes, zip.Zip64EndOffset + 32, 3);
        AssertUnreadable(bytes, "its central directory has 2 entries but the end record says 3");
    }

    [Theory]
    [InlineData(40)]
    [InlineData(48)]
    public void Zip64Record_PointingOutsideTheFile_IsUnreadable(int field)
    {
        var zip = TwoEntries();
        (zip.Zip64, zip.Sentinels) = (true, true);
        var bytes = zip.Build();
        CraftedZip.U64(bytes, zip.Zip64EndOffset + field, (ulong)bytes.Length + 1);
        AssertUnreadable(bytes, "its ZIP64 record points outside the file");
    }

    [Fact]
    public void CentralHeader_WithoutItsSignature_IsUnreadable()
    {
        var zip = TwoEntries();
        var bytes = zip.Build();
        bytes[zip.CentralOffsets[1]] ^= 0xFF;
        AssertUnreadable(bytes, $"its central directory has no valid header at offset {zip.CentralOffsets[1]}");
    }

    [Fact]
    public void CentralHeader_CutShortByTheDirectorysSize_IsUnreadable()
    {
        var zip = TwoEntries();
        var bytes = zip.Build();

        // The directory is 40 bytes shorter (and the end record says so): the second header is cut inside its fixed part.
        var shortened = bytes[..(int)(zip.CentralDirectoryOffset + zip.CentralDirectorySize - 40)].Concat(bytes[(int)zip.EndOffset..]).ToArray();
        CraftedZip.U32(shortened, shortened.Length - 22 + 12, (uint)zip.CentralDirectorySize - 40);
        AssertUnreadable(shortened, "its central directory has no valid header at offset");
    }

    [Fact]
    public void CentralHeader_WhoseNameRunsPastTheDirectory_IsUnreadable()
    {
        var zip = TwoEntries();
        var bytes = zip.Build();
        CraftedZip.U16(bytes, zip.CentralOffsets[1] + 28, 200);
        AssertUnreadable(bytes, "its central directory ends inside a header");
    }

    [Fact]
    public void EncryptedEntry_IsUnreadable()
    {
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => e.Flags = 1);
        AssertUnreadable(zip.Build(), "the entry 'lib/a.dll' is encrypted");
    }

    [Fact]
    public void EntryOnAnotherDisk_IsUnreadable()
    {
        var zip = TwoEntries();
        var bytes = zip.Build();
        CraftedZip.U16(bytes, zip.CentralOffsets[0] + 34, 1);
        AssertUnreadable(bytes, "the entry 'lib/a.dll' is on another disk");
    }

    [Fact]
    public void LocalHeader_WithoutItsSignature_IsUnreadable()
    {
        var zip = TwoEntries();
        var bytes = zip.Build();
        bytes[zip.LocalOffsets[1] + 3] ^= 0xFF;
        AssertUnreadable(bytes, "the entry 'lib/b.dll' has no local header where the central directory says");
    }

    [Fact]
    public void LocalHeaders_Overlapping_IsUnreadable()
    {
        // The second central header points into the first entry's local header.
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa").Add("lib/b.dll", "bbbbbb", e => e.LocalOffsetShift = -29 - "lib/a.dll".Length - 4);
        AssertUnreadable(zip.Build(), "overlaps another entry or the central directory");
    }

    [Fact]
    public void LocalHeader_RunningIntoTheCentralDirectory_IsUnreadable()
    {
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => e.LocalOffsetShift = 4 + "lib/a.dll".Length + 1);
        AssertUnreadable(zip.Build(), "the entry 'lib/a.dll' overlaps another entry or the central directory");
    }

    [Fact]
    public void File_ShorterThanAnEndRecord_IsUnreadable()
    {
        AssertUnreadable(new byte[21], "the file is too short to be a zip");
        AssertUnreadable(new byte[22], "it has no end of central directory record at its end");
    }

    [Fact]
    public void EndRecord_WithACommentThatOverrunsTheFile_IsNotTheEndRecord()
    {
        var zip = TwoEntries();
        var bytes = zip.Build();
        CraftedZip.U16(bytes, zip.EndOffset + 20, 1);
        AssertUnreadable(bytes, "it has no end of central directory record at its end");
    }

    [Theory]
    [InlineData(0x8000_0000_0000_0000ul)] // a negative offset once read as a signed number
    [InlineData(0x7FFF_FFFF_FFFF_FFF0ul)] // an offset whose end overflows
    [InlineData(0x7FFF_FFFF_FFFF_FFFFul)]
    public void Zip64Locator_AtTheStartOfTheFile_PointingBeyondTheLargestOffset_IsUnreadableNotACrash(ulong recordOffset)
    {
        // A locator at offset 0 leaves no room for a ZIP64 record before it, so the "record before the locator" bound
        // does not apply; the read of the record itself must refuse offsets past the file, also where offset + length
        // overflows.
        var bytes = new byte[ZipDirectory.Zip64LocatorSize + ZipDirectory.EndRecordSize];
        CraftedZip.U32(bytes, 0, 0x07064b50);
        CraftedZip.U64(bytes, 8, recordOffset);
        CraftedZip.U32(bytes, 16, 1);
        CraftedZip.U32(bytes, 20, 0x06054b50);
        CraftedZip.U32(bytes, 20 + 16, 20);
        AssertUnreadable(bytes, "a record points outside the file");
    }

    [Theory]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFul)] // long.MaxValue: in range for the extra field, far outside the file
    [InlineData(0x7FFF_FFFF_FFFF_FFF0ul)]
    public void Zip64ExtraField_LocalHeaderOffsetNearLongMaxValue_IsUnreadableNotACrash(ulong offset)
    {
        // The largest offset the extra field admits: the checks that add the header's length to it must not overflow
        // into "inside the file".
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => e.Zip64Extra = true);
        var bytes = zip.Build();
        var data = zip.CentralOffsets[0] + 46 + "lib/a.dll".Length + 4;
        CraftedZip.U64(bytes, data + 16, offset);
        AssertUnreadable(bytes, "a record points outside the file");
    }

    [Theory]
    [InlineData(20)] // compressed size
    [InlineData(24)] // uncompressed size
    [InlineData(42)] // local header offset
    [InlineData(34)] // disk number
    public void CentralHeader_OneValueMarkedAsInAZip64ExtraFieldThatIsMissing_IsUnreadable(int field)
    {
        // One reader takes 0xFFFFFFFF (or 0xFFFF) literally, another looks for the ZIP64 value: each field alone is refused.
        var zip = TwoEntries();
        var bytes = zip.Build();
        if (field == 34)
        {
            CraftedZip.U16(bytes, zip.CentralOffsets[1] + field, ushort.MaxValue);
        }
        else
        {
            CraftedZip.U32(bytes, zip.CentralOffsets[1] + field, uint.MaxValue);
        }

        AssertUnreadable(bytes, "an entry needs a ZIP64 extra field, which is missing");
    }

    [Fact]
    public void Zip64ExtraField_HoldsOnlyTheValuesTheHeaderMarks_InTheirOrder()
    {
        // Only the local header offset is 0xFFFFFFFF: the extra field holds that one 8-byte value, and the sizes come
        // from the header.
        var zip = TwoEntries();
        zip.Build();
        var extra = new byte[4 + 8];
        (extra[0], extra[2]) = (1, 8);
        CraftedZip.U64(extra, 4, (ulong)zip.LocalOffsets[1]);
        zip.Entries[1].CentralExtra = extra;
        var bytes = zip.Build();
        CraftedZip.U32(bytes, zip.CentralOffsets[1] + 42, uint.MaxValue);

        var directory = Read(bytes);

        Assert.Equal(zip.LocalOffsets, directory.Entries.Select(e => e.LocalHeaderOffset));
        Assert.Equal(new long[] { 4, 6 }, directory.Entries.Select(e => e.CompressedSize));
        Assert.Equal(new long[] { 4, 6 }, directory.Entries.Select(e => e.UncompressedSize));
    }

    [Fact]
    public void Zip64ExtraField_ValueOfLongMaxValue_IsInRange()
    {
        // The range check refuses values a signed 64-bit number cannot hold, not the largest one it can: an
        // uncompressed size (which the structure does not otherwise constrain) of long.MaxValue is read as such.
        var zip = new CraftedZip().Add("lib/a.dll", "aaaa", e => e.Zip64Extra = true);
        var bytes = zip.Build();
        var data = zip.CentralOffsets[0] + 46 + "lib/a.dll".Length + 4;
        CraftedZip.U64(bytes, data, long.MaxValue);

        Assert.Equal(long.MaxValue, Read(bytes).Entries.Single().UncompressedSize);
    }

    [Fact]
    public void Zip64Record_CountingIntMaxValueEntries_IsCheckedAgainstTheDirectory()
    {
        // int.MaxValue entries is the largest count accepted; the directory then has to hold them.
        var zip = TwoEntries();
        (zip.Zip64, zip.Sentinels) = (true, true);
        var bytes = zip.Build();
        CraftedZip.U64(bytes, zip.Zip64EndOffset + 24, int.MaxValue);
        CraftedZip.U64(bytes, zip.Zip64EndOffset + 32, int.MaxValue);
        AssertUnreadable(bytes, $"its central directory has 2 entries but the end record says {int.MaxValue}");
    }

    [Theory]
    [InlineData(int.MaxValue)] // larger than the largest array
    [InlineData((long)int.MaxValue + 1)]
    public void Zip64Record_ACentralDirectoryLargerThanAnArray_IsUnreadableNotACrash(long size)
    {
        // A 3 GiB file (only its end records are stored) whose ZIP64 record claims a central directory of 2 GiB
        // before them: refused before anything is allocated for it.
        const long length = 3L << 30;
        var tail = new byte[56 + 20 + 22];
        var zip64At = length - tail.Length;
        CraftedZip.U32(tail, 0, 0x06064b50);
        CraftedZip.U64(tail, 4, 44);
        CraftedZip.U64(tail, 24, 1);
        CraftedZip.U64(tail, 32, 1);
        CraftedZip.U64(tail, 40, (ulong)size);
        CraftedZip.U64(tail, 48, (ulong)(zip64At - size));
        CraftedZip.U32(tail, 56, 0x07064b50);
        CraftedZip.U64(tail, 56 + 8, (ulong)zip64At);
        CraftedZip.U32(tail, 56 + 16, 1);
        CraftedZip.U32(tail, 76, 0x06054b50);
        CraftedZip.U16(tail, 76 + 8, ushort.MaxValue);
        CraftedZip.U16(tail, 76 + 10, ushort.MaxValue);
        CraftedZip.U32(tail, 76 + 12, uint.MaxValue);
        CraftedZip.U32(tail, 76 + 16, uint.MaxValue);

        var ex = Assert.Throws<SupplyChainException>(() => ZipDirectory.Read(new TailOnlyStream(length, tail), "crafted.nupkg"));

        Assert.Equal("SCSDK1018", ex.Diagnostic.Code);
        Assert.Contains("its central directory is too large", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalHeader_WhoseNameRunsPastTheFile_IsUnreadable()
    {
        var zip = TwoEntries();
        var bytes = zip.Build();
        CraftedZip.U16(bytes, zip.LocalOffsets[1] + 26, 60000);
        AssertUnreadable(bytes, "a record points outside the file");
    }
}
