using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SupplyChain.Core.Vulnerabilities;
using SupplyChain.TestUtilities;

namespace SupplyChain.Tool.Tests;

/// <summary>
/// <c>supplychain vuln check|explain|update</c> on the osv-nuget vectors; <c>update</c> against a loopback HTTP server
/// serving them (osv.dev's zip layout and NuGet's VulnerabilityInfo resource).
/// </summary>
public sealed class VulnCommandTests
{
    private const string Now = "2024-10-10T00:00:00Z";

    private static string Advisories => RepositoryPaths.Vector("osv-nuget", "advisories");

    [VectorFact]
    public void Check_VulnerableLock_ExitsOne_WithTheFindingInJsonAndSarif()
    {
        using var dir = new TestDirectory("vuln-cli");
        var lockFile = WriteLock(dir, ("Newtonsoft.Json", "12.0.3"), ("log4net", "2.0.10"));
        var sarif = dir.Combine("out.sarif");
        var (exit, output, _, diagnostics) = CommandRunner.Run("vuln", "check", lockFile, "--data", Advisories, "--now", Now, "--json", "--sarif", sarif);
        Assert.Equal(1, exit);
        Assert.Contains(diagnostics, d => d.Code == "SCSDK5000" && d.Line > 0);
        using var json = JsonDocument.Parse(output);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("GHSA-5crp-9r3c-p9vr", finding.GetProperty("advisory").GetString());
        Assert.Equal("13.0.1", finding.GetProperty("firstFixed").GetString());
        Assert.Contains("SCSDK5000", File.ReadAllText(sarif), StringComparison.Ordinal);
    }

    [VectorFact]
    public void Check_FixedVersions_ExitZero()
    {
        using var dir = new TestDirectory("vuln-cli");
        var lockFile = WriteLock(dir, ("Newtonsoft.Json", "13.0.1"));
        var (exit, output, error, _) = CommandRunner.Run("vuln", "check", dir.Path, "--data", Advisories, "--now", Now);
        Assert.True(exit == 0, error);
        Assert.Contains("0 finding(s)", output, StringComparison.Ordinal);
        Assert.True(File.Exists(lockFile));
    }

    [VectorFact]
    public void Explain_SaysWhichRangeMatched_OrThatNoneDoes()
    {
        var (exit, output, _, _) = CommandRunner.Run("vuln", "explain", "Newtonsoft.Json@12.0.3", "--data", Advisories);
        Assert.Equal(1, exit);
        Assert.Contains("AFFECTED by GHSA-5crp-9r3c-p9vr: 12.0.3 is in (, 13.0.1); fixed in 13.0.1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("GHSA-8rfx-6mr3-5jh3", output, StringComparison.Ordinal);

        var (cleanExit, cleanOutput, _, _) = CommandRunner.Run("vuln", "explain", "newtonsoft.json@13.0.1", "--data", Advisories);
        Assert.Equal(0, cleanExit);
        Assert.Contains("not affected: no advisory range contains it", cleanOutput, StringComparison.Ordinal);
    }

    [VectorFact]
    public void Update_FromLoopbackZipAndNuGetResource_WritesALockTheCheckVerifies()
    {
        using var server = new LoopbackServer();
        using var dir = new TestDirectory("vuln-cli");
        var data = dir.Combine("data");
        var (exit, output, error, _) = CommandRunner.Run("vuln", "update", "--source", server.Prefix + "/NuGet/all.zip", "--source", server.Prefix + "/v3/index.json", "--output", data);
        Assert.True(exit == 0, error);
        Assert.Contains("25 advisories", output, StringComparison.Ordinal);
        var dataLock = VulnerabilityDataLock.Read(Path.Combine(data, VulnerabilityDataLock.FileName));
        Assert.Equal(new[] { "nuget-2/base.json", "nuget-2/index.json", "osv.zip" }, dataLock.Files.Select(f => f.Path).ToArray());
        Assert.Equal(VulnerabilityDataLock.HashFile(RepositoryPaths.Vector("osv-nuget", "all.zip")), dataLock.Files.Single(f => f.Path == "osv.zip").Sha256);

        var lockFile = WriteLock(dir, ("log4net", "2.0.8"));
        var (checkExit, _, _, diagnostics) = CommandRunner.Run("vuln", "check", lockFile, "--data", data);
        Assert.Equal(1, checkExit);
        Assert.Contains(diagnostics, d => d.Code == "SCSDK5000" && d.Message.Contains("GHSA-2cwj-8chv-9pp9", StringComparison.Ordinal));

        // The data is what was reviewed, or nothing: one changed byte is refused.
        var page = Path.Combine(data, "nuget-2", "base.json");
        File.WriteAllText(page, File.ReadAllText(page).Replace("\"severity\": 3", "\"severity\": 0", StringComparison.Ordinal));
        var (tamperedExit, _, _, tampered) = CommandRunner.Run("vuln", "check", lockFile, "--data", data);
        Assert.Equal(2, tamperedExit);
        Assert.Contains(tampered, d => d.Code == "SCSDK5003");
    }

    [Fact]
    public void Update_PlainHttpToARemoteHost_IsRefused()
    {
        using var dir = new TestDirectory("vuln-cli");
        var (exit, _, _, diagnostics) = CommandRunner.Run("vuln", "update", "--source", "http://example.invalid/all.zip", "--output", dir.Combine("data"));
        Assert.Equal(2, exit);
        Assert.Contains(diagnostics, d => d.Code == "SCSDK5001" && d.Message.Contains("https", StringComparison.Ordinal));
        Assert.False(Directory.Exists(dir.Combine("data")));
    }

    private static string WriteLock(TestDirectory dir, params (string Id, string Version)[] packages)
    {
        var builder = new LockFileBuilder();
        foreach (var (id, version) in packages)
        {
            builder.Add("net10.0", id, "Direct", "[" + version + ", )", version, "aGFzaA==");
        }

        return builder.WriteTo(dir.Combine("packages.lock.json"));
    }

    private sealed class LoopbackServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
        private readonly Task _loop;

        public LoopbackServer()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Prefix = $"http://127.0.0.1:{port}";
            var resource = RepositoryPaths.Vector("osv-nuget", "nuget-vulnerability-resource");
            byte[] Rewrite(string name) => Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(resource, name)).Replace("http://127.0.0.1:5000", Prefix, StringComparison.Ordinal));
            _files["/NuGet/all.zip"] = File.ReadAllBytes(RepositoryPaths.Vector("osv-nuget", "all.zip"));
            _files["/v3/index.json"] = Rewrite("service-index.json");
            _files["/vulnerabilities/index.json"] = Rewrite("index.json");
            _files["/vulnerabilities/base.json"] = File.ReadAllBytes(Path.Combine(resource, "base.json"));
            _listener.Prefixes.Add(Prefix + "/");
            _listener.Start();
            _loop = Task.Run(Serve);
        }

        public string Prefix { get; }

        public void Dispose()
        {
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The loop ends with the listener.
            }
        }

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                if (_files.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
                {
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
                }
                else
                {
                    context.Response.StatusCode = 404;
                }

                context.Response.Close();
            }
        }
    }
}
