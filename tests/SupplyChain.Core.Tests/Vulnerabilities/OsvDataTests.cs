using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Vulnerabilities;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Vulnerabilities;

/// <summary>
/// The real GitHub-reviewed NuGet advisories of ../shared/vectors/osv-nuget, read as a folder, as a zip and as NuGet's
/// derived vulnerability resource, matched against lock files of the versions its README lists.
/// </summary>
public class OsvDataTests
{
    internal static string Advisories => RepositoryPaths.Vector("osv-nuget", "advisories");

    internal static string Zip => RepositoryPaths.Vector("osv-nuget", "all.zip");

    internal static string NuGetResource => RepositoryPaths.Vector("osv-nuget", "nuget-vulnerability-resource");

    /// <summary>The fixed "now" of the data (SOURCES.md): 2024-10-10.</summary>
    internal static readonly DateTimeOffset Now = new(2024, 10, 10, 0, 0, 0, TimeSpan.Zero);

    [VectorFact]
    public void Folder_WithdrawnAdvisoryIsLeftOut_AliasesAreKept()
    {
        var database = VulnerabilityDatabase.Load(Advisories);
        Assert.Equal(25, database.Advisories.Count);
        Assert.DoesNotContain(database.Advisories, a => a.Id == "GHSA-8rfx-6mr3-5jh3");
        var newtonsoft = Assert.Single(database.Advisories, a => a.Id == "GHSA-5crp-9r3c-p9vr");
        Assert.Contains("CVE-2024-21907", newtonsoft.Aliases);
        Assert.Equal(VulnerabilitySeverity.High, newtonsoft.Severity);
        Assert.Equal(new DateTimeOffset(2024, 10, 9, 1, 7, 53, TimeSpan.Zero), database.AsOf);
    }

    [VectorFact]
    public void Zip_ReadsTheSameAdvisoriesAsTheFolder()
    {
        var folder = VulnerabilityDatabase.Load(Advisories);
        var zip = VulnerabilityDatabase.Load(Zip);
        Assert.Equal(folder.Advisories.Select(Describe), zip.Advisories.Select(Describe));
    }

    [VectorFact]
    public void OtherEcosystems_AreSkipped_OpenRangeTakesGitHubsLastKnownBound()
    {
        var database = VulnerabilityDatabase.Load(Advisories);
        var bouncy = database.Advisories.Single(a => a.Id == "GHSA-8xfc-gm6g-vgpv");
        Assert.All(bouncy.Affected, p => Assert.DoesNotContain(":", p.PackageId, StringComparison.Ordinal));
        var legacy = bouncy.Affected.Single(p => p.PackageId == "BouncyCastle");
        Assert.Equal("(, 2.3.1)", Assert.Single(legacy.Intervals).ToString());
    }

    [VectorFact]
    public void LastAffected_IsAnInclusiveBound_AndExplicitVersionsMatch()
    {
        var database = VulnerabilityDatabase.Load(Advisories);
        var record = database.Advisories.Single(a => a.Id == "GHSA-qhqf-ghgh-x2m4");
        var discat = record.Affected.Single(p => p.PackageId == "DisCatSharp");
        Assert.Contains(discat.Intervals, i => i.Max?.Normalized == "9.8.3" && i.MaxInclusive);
        Assert.NotEmpty(discat.Matching(NuGetVersionValue.ParseOrNull("9.8.3")!));

        var http = database.For("system.net.http").Where(e => e.Advisory.Id == "GHSA-qhqf-ghgh-x2m4").Select(e => e.Package).ToArray();
        Assert.Contains(http, p => p.Versions.Any(v => v.Normalized == "4.1.1") && p.Matching(NuGetVersionValue.ParseOrNull("4.1.1")!).Count > 0);
    }

    public static IEnumerable<object[]> ReadmeVersions() => new[]
    {
        // package, version, the complete set of advisories in this subset (README "Ten examples" and its notes)
        new object[] { "Newtonsoft.Json", "12.0.3", "GHSA-5crp-9r3c-p9vr" },
        new object[] { "Newtonsoft.Json", "12.0.3-beta1", "GHSA-5crp-9r3c-p9vr" },
        new object[] { "Newtonsoft.Json", "13.0.1", "" },
        new object[] { "newtonsoft.json", "9.0.1", "GHSA-5crp-9r3c-p9vr" },
        new object[] { "System.Text.Json", "8.0.0", "GHSA-8g4q-xg66-9fp4 GHSA-hh2w-p6rv-4g7w" },
        new object[] { "System.Text.Json", "6.0.8", "GHSA-8g4q-xg66-9fp4" },
        new object[] { "System.Text.Json", "8.0.5", "" },
        new object[] { "System.Text.Encodings.Web", "4.5.0", "GHSA-ghhp-997w-qr28" },
        new object[] { "System.Text.Encodings.Web", "4.7.2", "" },
        new object[] { "Microsoft.Data.SqlClient", "2.0.0", "GHSA-8g2p-5pqh-5jmc GHSA-98g6-xh36-x2p7" },
        new object[] { "Microsoft.Data.SqlClient", "5.0.1", "GHSA-98g6-xh36-x2p7" },
        new object[] { "Microsoft.Data.SqlClient", "5.1.9", "" },
        new object[] { "System.Net.Http", "4.3.0", "GHSA-7jgj-8wvc-jh57" },
        new object[] { "System.Net.Http", "4.3.4", "" },
        new object[] { "Azure.Identity", "1.10.0", "GHSA-5mfx-4wcx-rv27 GHSA-m5vv-6r4h-3vj9 GHSA-wvxc-855f-jvrv" },
        new object[] { "Azure.Identity", "1.12.1", "" },
        new object[] { "SharpZipLib", "1.2.0", "GHSA-m22m-h4rf-pwq3 GHSA-mm6g-mmq6-53ff" },
        new object[] { "SharpZipLib", "1.4.2", "" },
        new object[] { "log4net", "2.0.8", "GHSA-2cwj-8chv-9pp9" },
        new object[] { "log4net", "2.0.10", "" },
        new object[] { "BouncyCastle.Cryptography", "2.4.0", "" },
        new object[] { "YamlDotNet.Signed", "4.2.1", "GHSA-rpch-cqj9-h65r" },
        new object[] { "YamlDotNet", "11.2.1", "" },
        new object[] { "System.Data.SqlClient", "4.8.5", "GHSA-98g6-xh36-x2p7" },
        new object[] { "System.Data.SqlClient", "4.9.1", "" },
        new object[] { "Microsoft.Identity.Client", "4.55.0", "GHSA-m5vv-6r4h-3vj9" },
    };

    [VectorTheory]
    [MemberData(nameof(ReadmeVersions))]
    public void LockedVersion_MatchesExactlyTheAdvisoriesTheReadmeLists(string id, string version, string expected)
    {
        using var dir = new TestDirectory("vuln");
        var lockFile = ReadLock(dir, (id, version));
        var findings = VulnerabilityMatcher.Match(lockFile, VulnerabilityDatabase.Load(Advisories));
        Assert.Equal(
            expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderBy(x => x, StringComparer.Ordinal),
            findings.Select(f => f.Advisory.Id).OrderBy(x => x, StringComparer.Ordinal));
    }

    [VectorTheory]
    [MemberData(nameof(ReadmeVersions))]
    public void NuGetsResource_FlagsTheSameAdvisoriesAsOsv(string id, string version, string expected)
    {
        using var dir = new TestDirectory("vuln");
        var lockFile = ReadLock(dir, (id, version));
        var nuget = VulnerabilityMatcher.Match(lockFile, VulnerabilityDatabase.Load(NuGetResource));
        var osv = VulnerabilityMatcher.Match(lockFile, VulnerabilityDatabase.Load(Advisories));
        Assert.Equal(osv.Select(f => (f.Advisory.Id, f.Advisory.Severity)).OrderBy(x => x.Id), nuget.Select(f => (f.Advisory.Id, f.Advisory.Severity)).OrderBy(x => x.Id));
        Assert.Equal(expected.Length == 0, nuget.Count == 0);
    }

    [VectorFact]
    public void Finding_NamesFirstFixedVersion_PathAndLockFileLine()
    {
        using var dir = new TestDirectory("vuln");
        var builder = new LockFileBuilder()
            .Add("net10.0", "Contoso.Web", "Direct", "[1.0.0, )", "1.0.0", "aGFzaA==", new Dictionary<string, string> { ["Contoso.Http"] = "1.0.0" })
            .Add("net10.0", "Contoso.Http", "Transitive", null, "1.0.0", "aGFzaA==", new Dictionary<string, string> { ["System.Text.Encodings.Web"] = "4.5.0" })
            .Add("net10.0", "System.Text.Encodings.Web", "Transitive", null, "4.5.0", "aGFzaA==")
            .Add("net10.0/linux-x64", "System.Text.Encodings.Web", "Transitive", null, "4.5.0", "aGFzaA==");
        var path = builder.WriteTo(dir.Combine("packages.lock.json"));
        var lockFile = PackagesLockFileReader.Read(path);
        var finding = Assert.Single(VulnerabilityMatcher.Match(lockFile, VulnerabilityDatabase.Load(Advisories)));
        Assert.Equal("GHSA-ghhp-997w-qr28", finding.Advisory.Id);
        Assert.Equal("4.5.1", finding.FirstFixed);
        Assert.Equal(new[] { "Contoso.Web 1.0.0", "Contoso.Http 1.0.0", "System.Text.Encodings.Web 4.5.0" }, finding.Path);
        Assert.Equal(new[] { "net10.0", "net10.0/linux-x64" }, finding.Targets);
        var lines = File.ReadAllLines(path);
        Assert.Contains("\"System.Text.Encodings.Web\"", lines[finding.Line - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedRecord_IsACodedError_NeverSkipped()
    {
        using var dir = new TestDirectory("vuln");
        File.WriteAllText(dir.Combine("GHSA-bad.json"), """{"id":"GHSA-bad","affected":[{"package":{"ecosystem":"NuGet","name":"A"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"not-a-version!"}]}]}]}""");
        var ex = Assert.Throws<SupplyChainException>(() => VulnerabilityDatabase.Load(dir.Path));
        Assert.Equal("SCSDK5001", ex.Diagnostic.Code);
        Assert.Contains("not-a-version!", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingData_IsACodedError()
    {
        var ex = Assert.Throws<SupplyChainException>(() => VulnerabilityDatabase.Load("/nonexistent/osv"));
        Assert.Equal("SCSDK5002", ex.Diagnostic.Code);
    }

    [Fact]
    public void ZipBomb_EntryLargerThanTheLimit_IsRefused()
    {
        using var dir = new TestDirectory("vuln");
        var zip = dir.Combine("all.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var stream = archive.CreateEntry("GHSA-big.json", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 65; i++)
            {
                stream.Write(zeros);
            }
        }

        var ex = Assert.Throws<SupplyChainException>(() => VulnerabilityDatabase.Load(zip));
        Assert.Equal("SCSDK5001", ex.Diagnostic.Code);
    }

    internal static PackagesLockFile ReadLock(TestDirectory dir, params (string Id, string Version)[] packages)
    {
        var builder = new LockFileBuilder();
        foreach (var (id, version) in packages)
        {
            builder.Add("net10.0", id, "Direct", "[" + version + ", )", version, "aGFzaA==");
        }

        return PackagesLockFileReader.Read(builder.WriteTo(dir.Combine("packages.lock.json")));
    }

    private static string Describe(Advisory a)
        => a.Id + " " + a.Severity + " " + string.Join(",", a.Aliases) + " " + string.Join(";", a.Affected.Select(p => p.PackageId + string.Join("", p.Intervals) + string.Join("", p.Versions)));
}
