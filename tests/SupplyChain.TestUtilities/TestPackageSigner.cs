using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace SupplyChain.TestUtilities;

/// <summary>
/// Turns an unsigned package into a "signed" one the way NuGet's signing lays it out: a stored entry
/// <c>.signature.p7s</c> is appended after the last local entry, its record after the last central-directory record,
/// and the end records (and, for ZIP64, the ZIP64 end record and locator) are moved and updated. The signature bytes are
/// whatever the test passes; nothing checks them as CMS. The unsigned input's SHA-512 is then the signed package's
/// NuGet content hash, independently of the code under test.
/// </summary>
public static class TestPackageSigner
{
    /// <summary>The name NuGet gives the signature entry.</summary>
    public const string SignatureEntryName = ".signature.p7s";

    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;

    /// <summary>Returns the package with a signature entry appended.</summary>
    public static byte[] AppendSignatureEntry(byte[] unsignedPackage, byte[] signature) => AppendSignatureEntry(unsignedPackage, signature, SignatureEntryName);

    /// <summary>Returns the package with a stored entry of that name appended (an attack's variant of the signature entry).</summary>
    public static byte[] AppendSignatureEntry(byte[] unsignedPackage, byte[] signature, string entryName) => AppendSignatureEntry(unsignedPackage, signature, entryName, Array.Empty<byte>());

    /// <summary>Returns the package with a stored entry of that name appended, with an extra field in its local header.</summary>
    public static byte[] AppendSignatureEntry(byte[] unsignedPackage, byte[] signature, string entryName, byte[] localExtraField)
    {
        ArgumentNullException.ThrowIfNull(localExtraField);
        ArgumentNullException.ThrowIfNull(unsignedPackage);
        ArgumentNullException.ThrowIfNull(entryName);
        ArgumentNullException.ThrowIfNull(signature);
        var end = FindEnd(unsignedPackage);
        var isZip64 = end >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(unsignedPackage.AsSpan(end - 20)) == Zip64LocatorSignature;
        long cdOffset;
        long cdSize;
        int zip64Record = -1;
        if (isZip64)
        {
            zip64Record = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(unsignedPackage.AsSpan(end - 20 + 8)));
            cdSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(unsignedPackage.AsSpan(zip64Record + 40));
            cdOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(unsignedPackage.AsSpan(zip64Record + 48));
        }
        else
        {
            cdSize = BinaryPrimitives.ReadUInt32LittleEndian(unsignedPackage.AsSpan(end + 12));
            cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(unsignedPackage.AsSpan(end + 16));
        }

        if (cdOffset >= uint.MaxValue)
        {
            throw new NotSupportedException("Packages whose central directory starts past 4 GiB are not supported by this test helper.");
        }

        var name = Encoding.ASCII.GetBytes(entryName);
        var crc = Crc32(signature);
        var local = new byte[30 + name.Length + localExtraField.Length + signature.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(10), 0x0000);
        BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(12), 0x2821);
        BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(14), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(18), (uint)signature.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(22), (uint)signature.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(28), (ushort)localExtraField.Length);
        name.CopyTo(local, 30);
        localExtraField.CopyTo(local, 30 + name.Length);
        signature.CopyTo(local, 30 + name.Length + localExtraField.Length);

        var record = new byte[46 + name.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(14), 0x2821);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(16), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20), (uint)signature.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(24), (uint)signature.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(28), (ushort)name.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(42), (uint)cdOffset);
        name.CopyTo(record, 46);

        var tail = unsignedPackage.AsSpan(checked((int)(cdOffset + cdSize))).ToArray();
        var endInTail = end - checked((int)(cdOffset + cdSize));
        if (isZip64)
        {
            var recordInTail = zip64Record - checked((int)(cdOffset + cdSize));
            Add64(tail.AsSpan(recordInTail + 24), 1);
            Add64(tail.AsSpan(recordInTail + 32), 1);
            Add64(tail.AsSpan(recordInTail + 40), (ulong)record.Length);
            Add64(tail.AsSpan(recordInTail + 48), (ulong)local.Length);
            Add64(tail.AsSpan(endInTail - 20 + 8), (ulong)(local.Length + record.Length));
        }

        Add16(tail.AsSpan(endInTail + 8), isZip64);
        Add16(tail.AsSpan(endInTail + 10), isZip64);
        Add32(tail.AsSpan(endInTail + 12), (uint)record.Length, isZip64);
        Add32(tail.AsSpan(endInTail + 16), (uint)local.Length, isZip64);

        using var output = new MemoryStream();
        output.Write(unsignedPackage, 0, checked((int)cdOffset));
        output.Write(local);
        output.Write(unsignedPackage, checked((int)cdOffset), checked((int)cdSize));
        output.Write(record);
        output.Write(tail);
        return output.ToArray();
    }

    private static int FindEnd(byte[] zip)
    {
        for (var i = zip.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == EndSignature && i + 22 + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 20)) == zip.Length)
            {
                return i;
            }
        }

        throw new InvalidDataException("No end of central directory record.");
    }

    private static void Add64(Span<byte> field, ulong amount)
        => BinaryPrimitives.WriteUInt64LittleEndian(field, BinaryPrimitives.ReadUInt64LittleEndian(field) + amount);

    private static void Add32(Span<byte> field, uint amount, bool zip64)
    {
        var value = BinaryPrimitives.ReadUInt32LittleEndian(field);
        if (!(zip64 && value == uint.MaxValue))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(field, checked(value + amount));
        }
    }

    private static void Add16(Span<byte> field, bool zip64)
    {
        var value = BinaryPrimitives.ReadUInt16LittleEndian(field);
        if (!(zip64 && value == ushort.MaxValue))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(field, checked((ushort)(value + 1)));
        }
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
