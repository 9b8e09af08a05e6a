using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Tests.Tuf.Client;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;
using SupplyChain.Tuf.ConformanceClient;

namespace SupplyChain.Core.Tests.Tuf.Conformance;

/// <summary>
/// The suite's ClientRunner, in process: it runs <see cref="ConformanceClient.Run"/> with the suite's exact command
/// lines (options first, in the suite's order), against a <see cref="ConformanceSimulator"/> served at
/// <c>http://127.0.0.1:9/&lt;quoted test name&gt;/</c> through an in-memory handler, and reads the two folders as
/// the suite reads them.
/// </summary>
internal sealed class ConformanceRunner : IDisposable
{
    private readonly TestDirectory _directory = new("tufconf");
    private readonly SimulatorHandler? _handler;
    private readonly LoopbackServer? _server;

    /// <summary>Creates the runner; <paramref name="overLoopback"/> serves the simulator from a real HTTP server on 127.0.0.1.</summary>
    public ConformanceRunner(string testName, ConformanceSimulator? repository = null, bool overLoopback = false)
    {
        Repository = repository ?? new ConformanceSimulator();
        var quoted = Uri.EscapeDataString(testName);
        var prefix = quoted + "/";
        var host = "http://127.0.0.1:9/";
        if (overLoopback)
        {
            _server = new LoopbackServer(path => path.StartsWith(prefix, StringComparison.Ordinal) && Repository.Fetch(path[prefix.Length..]) is { } body ? new LoopbackResponse(body) : null);
            host = _server.BaseUrl;
        }
        else
        {
            _handler = new SimulatorHandler(Repository, "/" + prefix);
        }

        MetadataUrl = $"{host}{quoted}/metadata/";
        TargetsUrl = $"{host}{quoted}/targets/";
        Directory.CreateDirectory(MetadataDir);
        Directory.CreateDirectory(ArtifactDir);
        TrustedRoot = Repository.FetchMetadata(TufRoles.Root, 1)!;
    }

    public ConformanceSimulator Repository { get; }

    public string MetadataUrl { get; }

    public string TargetsUrl { get; }

    public string MetadataDir => _directory.Combine("metadata");

    public string ArtifactDir => _directory.Combine("targets");

    /// <summary>The initial root given to <c>init</c> (the suite's <c>init_data.trusted_root</c>).</summary>
    public byte[] TrustedRoot { get; set; }

    /// <summary>The clock of a refresh without fake time.</summary>
    public DateTimeOffset Now { get; set; } = ConformanceSimulator.Now;

    public string LastError { get; private set; } = string.Empty;

    public int InitClient()
    {
        var trusted = _directory.Combine("initial_root.json");
        File.WriteAllBytes(trusted, TrustedRoot);
        return Run(new[] { "--metadata-dir", MetadataDir, "init", trusted }, Now);
    }

    public int Refresh(DateTimeOffset? fakeTime = null)
        => Run(new[] { "--metadata-url", MetadataUrl, "--metadata-dir", MetadataDir, "refresh" }, fakeTime ?? Now);

    public int DownloadTarget(string targetName)
        => Run(new[] { "--metadata-url", MetadataUrl, "--metadata-dir", MetadataDir, "--target-name", targetName, "--target-dir", ArtifactDir, "--target-base-url", TargetsUrl, "download" }, Now);

    /// <summary>The trusted version of a role, or null.</summary>
    public long? Version(string role)
    {
        var path = Path.Combine(MetadataDir, role + ".json");
        return File.Exists(path) ? UpdaterHarness.SignedVersion(File.ReadAllBytes(path)) : null;
    }

    /// <summary>Every *.json of the metadata folder as (file name without .json, version), sorted by file name.</summary>
    public List<(string Role, long Version)> TrustedRoles()
        => Directory.GetFiles(MetadataDir)
            .Select(Path.GetFileName)
            .Where(n => n!.EndsWith(".json", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => (n![..^5], UpdaterHarness.SignedVersion(File.ReadAllBytes(Path.Combine(MetadataDir, n)))))
            .ToList();

    public bool FilesExist(params string[] roles) => roles.All(r => File.Exists(Path.Combine(MetadataDir, r + ".json")));

    /// <summary>The contents of every file under the target folder, by modification time.</summary>
    public List<byte[]> DownloadedTargetBytes()
        => Directory.GetFiles(ArtifactDir, "*", SearchOption.AllDirectories)
            .OrderBy(File.GetLastWriteTimeUtc)
            .Select(File.ReadAllBytes)
            .ToList();

    /// <summary>The suite's assert_metadata: the trusted file, read and written again, equals the expected bytes (or both are missing).</summary>
    public void AssertMetadata(string role, byte[]? expected)
    {
        var path = Path.Combine(MetadataDir, role + ".json");
        if (expected is null)
        {
            Assert.False(File.Exists(path), role);
            return;
        }

        Assert.True(File.Exists(path), role + " is not trusted");
        Assert.Equal(Normalize(expected), Normalize(File.ReadAllBytes(path)));
    }

    public void Dispose()
    {
        _handler?.Dispose();
        _server?.Dispose();
        _directory.Dispose();
    }

    private static string Normalize(byte[] bytes) => JsonNode.Parse(bytes)!.ToJsonString();

    private int Run(string[] args, DateTimeOffset now)
    {
        var error = new StringWriter();
        var code = ConformanceClient.Run(args, error, new FixedTimeProvider(now), _handler);
        LastError = error.ToString();
        Assert.True(code is 0 or 1, $"exit code {code}");
        return code;
    }
}

/// <summary>
/// The expected failures, read from the entry point's <c>.xfails</c> file (the suite's format: one test id per
/// line, <c>#</c> comments). As in the suite, xfail is strict: a listed test must fail, and <see cref="Check"/>
/// fails when it passes.
/// </summary>
internal static class ExpectedFailures
{
    public static readonly string FilePath = Path.Combine(RepositoryPaths.Root, "src", "SupplyChain.Tuf.ConformanceClient", "tuf-conformance-client.xfails");

    private static readonly Lazy<HashSet<string>> s_entries = new(() => new HashSet<string>(
        File.ReadAllLines(FilePath).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')),
        StringComparer.Ordinal));

    public static IReadOnlyCollection<string> Entries => s_entries.Value;

    /// <summary>Runs a ported test: it must pass, or, if its id (or its function) is listed, it must fail.</summary>
    public static void Check(string testFunction, string? parameterId, Action test) => Check(s_entries.Value, testFunction, parameterId, test);

    internal static void Check(IReadOnlySet<string> entries, string testFunction, string? parameterId, Action test)
    {
        var id = parameterId is null ? testFunction : $"{testFunction}[{parameterId}]";
        if (entries.Contains(id) || entries.Contains(testFunction))
        {
            var failed = Record.Exception(test);
            Assert.True(failed is not null, $"{id} is listed in tuf-conformance-client.xfails but passes: remove it from the list.");
            return;
        }

        test();
    }
}
