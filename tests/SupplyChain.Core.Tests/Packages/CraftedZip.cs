using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace SupplyChain.Core.Tests.Packages;

/// <summary>
/// Writes zip files byte by byte, so a test can produce exactly the structure it needs (ZIP64 records and extra fields,
/// data descriptors, a central directory in another order than the entries) and then patch single fields at the
/// offsets it records.
/// </summary>
internal sealed class CraftedZip
{
    public List<CraftedEntry> Entries { get; } = new();

    /// <summary>The central directory's order as indexes into <see cref="Entries"/> (which is the order in the file); null for the same order.</summary>
    public int[]? CentralOrder { get; set; }

    /// <summary>Write a ZIP64 end record and locator before the end record.</summary>
    public bool Zip64 { get; set; }

    /// <summary>With <see cref="Zip64"/>: the end record's counts, size and offset are the ZIP64 sentinels (0xFFFF..) instead of the values.</summary>
    public bool Sentinels { get; set; }

    /// <summary>Bytes written between the central directory and the end records.</summary>
    public int GapBeforeEndRecords { get; set; }

    public long[] LocalOffsets { get; private set; } = Array.Empty<long>();

    /// <summary>Offsets of the central headers, by index into <see cref="Entries"/>.</summary>
    public long[] CentralOffsets { get; private set; } = Array.Empty<long>();

    public long CentralDirectoryOffset { get; private set; }

    public long CentralDirectorySize { get; private set; }

    public long Zip64EndOffset { get; private set; } = -1;

    public long LocatorOffset { get; private set; } = -1;

    public long EndOffset { get; private set; }

    public CraftedZip Add(string name, string data, Action<CraftedEntry>? configure = null)
    {
        var entry = new CraftedEntry(name, Encoding.UTF8.GetBytes(data));
        configure?.Invoke(entry);
        Entries.Add(entry);
        return this;
    }

    public byte[] Build()
    {
        using var output = new MemoryStream();
        LocalOffsets = new long[Entries.Count];
        CentralOffsets = new long[Entries.Count];
        for (var i = 0; i < Entries.Count; i++)
        {
            var e = Entries[i];
            LocalOffsets[i] = output.Position;
            var name = Encoding.UTF8.GetBytes(e.Name);
            var header = new byte[30];
            U32(header, 0, 0x04034b50);
            U16(header, 4, 20);
            U16(header, 6, e.Flags);
            U32(header, 18, e.DescriptorLength > 0 ? 0 : (uint)e.Data.Length);
            U32(header, 22, e.DescriptorLength > 0 ? 0 : (uint)e.Data.Length);
            U16(header, 26, (ushort)name.Length);
            U16(header, 28, (ushort)e.LocalExtra.Length);
            output.Write(header);
            output.Write(name);
            output.Write(e.LocalExtra);
            output.Write(e.Data);
            if (e.DescriptorLength > 0)
            {
                var descriptor = new byte[e.DescriptorLength];
                var at = 0;
                if (e.DescriptorLength is 16 or 24)
                {
                    U32(descriptor, 0, 0x08074b50);
                    at = 4;
                }

                // crc, then the sizes (4 or 8 bytes each).
                var wide = e.DescriptorLength is 20 or 24;
                at += 4;
                if (wide)
                {
                    U64(descriptor, at, (ulong)e.Data.Length);
                    U64(descriptor, at + 8, (ulong)e.Data.Length);
                }
                else
                {
                    U32(descriptor, at, (uint)e.Data.Length);
                    U32(descriptor, at + 4, (uint)e.Data.Length);
                }

                output.Write(descriptor);
            }

            output.Write(new byte[e.PaddingAfter]);
        }

        CentralDirectoryOffset = output.Position;
        foreach (var i in CentralOrder ?? Enumerable.Range(0, Entries.Count).ToArray())
        {
            var e = Entries[i];
            CentralOffsets[i] = output.Position;
            var name = Encoding.UTF8.GetBytes(e.Name);
            var extra = e.CentralExtra ?? BuildExtra(e, LocalOffsets[i]);
            var header = new byte[46];
            U32(header, 0, 0x02014b50);
            U16(header, 4, 20);
            U16(header, 6, 20);
            U16(header, 8, e.Flags);
            var size = e.Zip64Extra ? uint.MaxValue : (uint)e.Data.Length;
            U32(header, 20, size);
            U32(header, 24, size);
            U16(header, 28, (ushort)name.Length);
            U16(header, 30, (ushort)extra.Length);
            U16(header, 34, e.Zip64Disk is null ? (ushort)0 : ushort.MaxValue);
            U32(header, 42, e.Zip64Extra ? uint.MaxValue : (uint)(LocalOffsets[i] + e.LocalOffsetShift));
            output.Write(header);
            output.Write(name);
            output.Write(extra);
        }

        CentralDirectorySize = output.Position - CentralDirectoryOffset;
        output.Write(new byte[GapBeforeEndRecords]);
        var count = (ulong)Entries.Count;
        if (Zip64)
        {
            Zip64EndOffset = output.Position;
            var record = new byte[56];
            U32(record, 0, 0x06064b50);
            U64(record, 4, 44);
            U16(record, 12, 45);
            U16(record, 14, 45);
            U64(record, 24, count);
            U64(record, 32, count);
            U64(record, 40, (ulong)CentralDirectorySize);
            U64(record, 48, (ulong)CentralDirectoryOffset);
            output.Write(record);
            LocatorOffset = output.Position;
            var locator = new byte[20];
            U32(locator, 0, 0x07064b50);
            U64(locator, 8, (ulong)Zip64EndOffset);
            U32(locator, 16, 1);
            output.Write(locator);
        }

        EndOffset = output.Position;
        var end = new byte[22];
        U32(end, 0, 0x06054b50);
        var sentinels = Zip64 && Sentinels;
        U16(end, 8, sentinels ? ushort.MaxValue : (ushort)count);
        U16(end, 10, sentinels ? ushort.MaxValue : (ushort)count);
        U32(end, 12, sentinels ? uint.MaxValue : (uint)CentralDirectorySize);
        U32(end, 16, sentinels ? uint.MaxValue : (uint)CentralDirectoryOffset);
        output.Write(end);
        return output.ToArray();
    }

    private static byte[] BuildExtra(CraftedEntry e, long localOffset)
    {
        var extra = new List<byte>();
        if (e.OtherExtraFirst)
        {
            // An extended-timestamp field (0x5455) that the reader must step over.
            extra.AddRange(new byte[] { 0x55, 0x54, 5, 0, 1, 0, 0, 0, 0 });
        }

        if (e.Zip64Extra)
        {
            var data = new List<byte>();
            data.AddRange(Le64((ulong)e.Data.Length));
            data.AddRange(Le64((ulong)e.Data.Length));
            data.AddRange(Le64((ulong)localOffset));
            if (e.Zip64Disk is { } disk)
            {
                data.AddRange(BitConverter.GetBytes(disk));
            }

            extra.AddRange(new byte[] { 0x01, 0x00 });
            extra.AddRange(BitConverter.GetBytes((ushort)data.Count));
            extra.AddRange(data);
        }

        return extra.ToArray();
    }

    private static byte[] Le64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    public static void U16(byte[] b, long at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan((int)at), v);

    public static void U32(byte[] b, long at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan((int)at), v);

    public static void U64(byte[] b, long at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan((int)at), v);
}

internal sealed class CraftedEntry
{
    public CraftedEntry(string name, byte[] data)
    {
        Name = name;
        Data = data;
    }

    public string Name { get; }

    public byte[] Data { get; }

    public ushort Flags { get; set; }

    /// <summary>0 for none; 12 or 20 without the descriptor signature, 16 or 24 with it (20 and 24: 8-byte sizes).</summary>
    public int DescriptorLength { get; set; }

    /// <summary>Sizes and local offset in a ZIP64 extra field (0xFFFFFFFF in the header).</summary>
    public bool Zip64Extra { get; set; }

    /// <summary>With <see cref="Zip64Extra"/>: the disk number in the extra field (0xFFFF in the header).</summary>
    public uint? Zip64Disk { get; set; }

    public bool OtherExtraFirst { get; set; }

    /// <summary>The central header's extra field as given (replaces the generated one).</summary>
    public byte[]? CentralExtra { get; set; }

    /// <summary>The local header's extra field (the central header's is generated separately).</summary>
    public byte[] LocalExtra { get; set; } = Array.Empty<byte>();

    /// <summary>Added to the local-header offset the central header records.</summary>
    public long LocalOffsetShift { get; set; }

    /// <summary>Bytes written after the entry's data (and descriptor).</summary>
    public int PaddingAfter { get; set; }
}

/// <summary>A read-only, seekable stream of a stated length whose bytes a subclass supplies.</summary>
internal abstract class CraftedStream : Stream
{
    protected CraftedStream(long length)
    {
        Length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => Offset;
        set => Offset = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    protected long Offset { get; set; }

    public override long Seek(long offset, SeekOrigin origin)
        => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Offset + offset,
            _ => Length + offset,
        };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A read-only stream of a given length that holds zeros except for its last bytes: a file of gigabytes whose end
/// records a test crafts, without storing the rest.
/// </summary>
internal sealed class TailOnlyStream : CraftedStream
{
    private readonly byte[] _tail;

    public TailOnlyStream(long length, byte[] tail)
        : base(length)
    {
        _tail = tail;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = (int)Math.Max(0, Math.Min(count, Length - Offset));
        var tailStart = Length - _tail.Length;
        for (var i = 0; i < read; i++)
        {
            var at = Offset + i;
            buffer[offset + i] = at >= tailStart ? _tail[at - tailStart] : (byte)0;
        }

        Offset += read;
        return read;
    }
}

/// <summary>
/// A stream over <c>data</c> that reports another length: shorter than the data, it is a file that grows after its
/// length was taken; longer, a file that was truncated.
/// </summary>
internal sealed class LyingLengthStream : CraftedStream
{
    private readonly byte[] _data;

    public LyingLengthStream(byte[] data, long length)
        : base(length)
    {
        _data = data;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = (int)Math.Max(0, Math.Min(count, _data.Length - Offset));
        Array.Copy(_data, Offset, buffer, offset, read);
        Offset += read;
        return read;
    }
}
