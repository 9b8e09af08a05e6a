using System;
using System.IO;
using System.Text;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Packages;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.LockFiles;

/// <summary>
/// Bad input must become a coded diagnostic: thousands of seeded random corruptions of real lock files, assets files and
/// packages may parse or fail with <see cref="SupplyChainException"/>, and nothing else.
/// </summary>
public class ReaderRobustnessTests
{
    private const int Iterations = 1500;

    [VectorFact]
    public void LockFileReader_CorruptedInput_FailsOnlyWithSCSDK1001Or1003()
    {
        var original = File.ReadAllBytes(RepositoryPaths.Vector("nuget-lockfiles", "Qowaiv__Qowaiv", "src", "Qowaiv.Data.SqlClient", "packages.lock.json"));
        Fuzz(original, 1, bytes => PackagesLockFileReader.Parse(bytes, "x"), "SCSDK1001", "SCSDK1003");
    }

    [VectorFact]
    public void AssetsFileReader_CorruptedInput_FailsOnlyWithSCSDK1015Or1016()
    {
        var original = File.ReadAllBytes(RepositoryPaths.Vector("cyclonedx-dotnet-assets", "Issue830-rsMultipleFrameworks", "project2assets.json"));
        Fuzz(original, 2, bytes => ProjectAssetsFile.Parse(bytes, "x"), "SCSDK1015", "SCSDK1016");
    }

    [Fact]
    public void PackageContentHash_CorruptedSignedPackage_FailsOnlyWithSCSDK1018()
    {
        var unsigned = new TestPackageBuilder("Fuzz", "1.0.0").WithLibFile("net8.0", "a.dll", "aaaa").WithLibFile("net8.0", "b.dll", "bbbb").Build();
        var signed = TestPackageSigner.AppendSignatureEntry(unsigned, new byte[] { 1, 2, 3, 4, 5 });
        Fuzz(signed, 3, bytes => PackageContentHash.Compute(new MemoryStream(bytes), "x"), "SCSDK1018");
    }

    private static void Fuzz(byte[] original, int seed, Action<byte[]> read, params string[] codes)
    {
        var random = new Random(seed);
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = (byte[])original.Clone();
            switch (i % 4)
            {
                case 0:
                    // Flip a few bytes anywhere; for zips, mostly in the directory at the end.
                    for (var k = 0; k < 1 + random.Next(4); k++)
                    {
                        var at = codes[0] == "SCSDK1018" && random.Next(2) == 0 ? bytes.Length - 1 - random.Next(Math.Min(200, bytes.Length)) : random.Next(bytes.Length);
                        bytes[at] = (byte)random.Next(256);
                    }

                    break;
                case 1:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                case 2:
                    var cut = random.Next(bytes.Length);
                    var length = random.Next(Math.Min(64, bytes.Length - cut) + 1);
                    bytes = Concat(bytes[..cut], bytes[(cut + length)..]);
                    break;
                default:
                    var insert = random.Next(bytes.Length);
                    bytes = Concat(bytes[..insert], Encoding.UTF8.GetBytes(new[] { "{", "}", "[", "\"", ",", "null", "\uFFFF", "\\u12" }[random.Next(8)]), bytes[insert..]);
                    break;
            }

            try
            {
                read(bytes);
            }
            catch (SupplyChainException ex)
            {
                Assert.Contains(ex.Diagnostic.Code, codes);
            }
        }
    }

    private static byte[] Concat(params byte[][] parts)
    {
        using var stream = new MemoryStream();
        foreach (var part in parts)
        {
            stream.Write(part);
        }

        return stream.ToArray();
    }
}
