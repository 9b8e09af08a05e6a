using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Xunit;

namespace SupplyChain.TestUtilities;

/// <summary>
/// Azurite, Microsoft's Azure Storage emulator (npm package <c>azurite</c>, pinned in <c>tests/storage-emulator</c>):
/// installs it with <c>npm ci</c> once, starts its blob service on a free port of 127.0.0.1 with a temporary
/// location, and stops it (and deletes the location) on dispose. The account is the documented development account
/// (<c>devstoreaccount1</c>), whose key is public by design. Without Node.js the tests that use it skip
/// (<see cref="AzuriteFactAttribute"/>), except when CI=true, where a failure to install or start fails them.
/// </summary>
public sealed class StorageEmulator : IDisposable
{
    /// <summary>The development account of Azurite.</summary>
    public const string Account = "devstoreaccount1";

    /// <summary>The development account's key: public, documented, accepted only by the emulator.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly object s_installLock = new();
    private static bool s_installed;
    private readonly Process _process;
    private readonly string _location;
    private readonly StringBuilder _output = new();

    private StorageEmulator(Process process, string location, int port)
    {
        _process = process;
        _location = location;
        Port = port;
    }

    /// <summary>The emulator's package folder, <c>tests/storage-emulator</c>.</summary>
    public static string PackageDirectory => Path.Combine(RepositoryPaths.Root, "tests", "storage-emulator");

    /// <summary>The blob service port.</summary>
    public int Port { get; }

    /// <summary>The blob endpoint of the account, path-style: <c>http://127.0.0.1:PORT/devstoreaccount1</c>.</summary>
    public string BlobEndpoint => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{Account}";

    /// <summary>The connection string of the development account (what <c>AZURE_STORAGE_CONNECTION_STRING</c> holds in the tests).</summary>
    public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    private static readonly Lazy<StorageEmulator> s_shared = new(() =>
    {
        var emulator = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => emulator.Dispose();
        return emulator;
    });

    /// <summary>
    /// One emulator for the whole test process (started on first use, stopped when the process exits), with
    /// <c>AZURE_STORAGE_CONNECTION_STRING</c> of this process set to its development account.
    /// </summary>
    public static StorageEmulator Shared
    {
        get
        {
            var emulator = s_shared.Value;
            Environment.SetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING", emulator.ConnectionString);
            return emulator;
        }
    }

    /// <summary>Installs (once) and starts the blob service; waits until it listens.</summary>
    public static StorageEmulator Start()
    {
        var node = NodeInterop.NodePath ?? throw new InvalidOperationException("node is not on PATH; the blob storage tests need Node.js 20 or later to run Azurite (CI=true requires it).");
        EnsureInstalled();
        var port = FreePort();
        var location = Path.Combine(Path.GetTempPath(), "supplychain-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = PackageDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            // Exits when its standard input closes, i.e. when this process ends however it ends.
            "--require", Path.Combine(PackageDirectory, "exit-with-parent.cjs"),
            Path.Combine(PackageDirectory, "node_modules", "azurite", "dist", "src", "blob", "main.js"),
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            "--location", location, "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var emulator = new StorageEmulator(process, location, port);
        var listening = new ManualResetEventSlim();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (emulator._output)
            {
                emulator._output.AppendLine(line);
            }

            if (line.Contains("successfully listens", StringComparison.Ordinal))
            {
                listening.Set();
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!listening.Wait(TimeSpan.FromMilliseconds(200)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = emulator.Output;
                emulator.Dispose();
                throw new InvalidOperationException("Azurite did not start listening on port " + port.ToString(CultureInfo.InvariantCulture) + ":\n" + output);
            }
        }

        return emulator;
    }

    /// <summary>What the emulator printed.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>True once the emulator's process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Closes the emulator's standard input, which is what the operating system does when this process ends without
    /// disposing it (killed): the emulator then exits by itself.
    /// </summary>
    public void CloseStandardInput() => _process.StandardInput.Close();

    /// <summary>Stops the emulator and deletes its location.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Why the blob storage tests cannot run here, or null (always null when CI=true: there they must run).</summary>
    public static string? SkipReason
        => RepositoryPaths.IsCi || NodeInterop.NodePath is not null && NodeInterop.NpmPath is not null
            ? null
            : "Node.js is not on PATH; the blob storage tests run Azurite (tests/storage-emulator) with it. Install Node.js 20 or later (the tests fail instead of skipping when CI=true).";

    /// <summary>Installs the pinned emulator with <c>npm ci</c> unless it is there and not older than the lock file.</summary>
    public static void EnsureInstalled()
    {
        lock (s_installLock)
        {
            if (s_installed)
            {
                return;
            }

            var npm = NodeInterop.NpmPath ?? throw new InvalidOperationException("npm is not on PATH; the blob storage tests need Node.js 20 or later (CI=true requires it).");
            var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(PackageDirectory)))[..16];
            var lockPath = Path.Combine(Path.GetTempPath(), $"supplychain-npm-ci-{key}.lock");
            using (AcquireFileLock(lockPath, TimeSpan.FromMinutes(10)))
            {
                if (!IsInstalled())
                {
                    var result = ProcessRunner.Run(npm, ["ci", "--no-audit", "--no-fund"], PackageDirectory, ProcessRunner.CleanEnvironment(), TimeSpan.FromMinutes(5));
                    if (result.ExitCode != 0 || !IsInstalled())
                    {
                        throw new InvalidOperationException("'npm ci' failed in " + PackageDirectory + ".\n" + result.Tail());
                    }
                }
            }

            s_installed = true;
        }
    }

    private static bool IsInstalled()
    {
        var hidden = Path.Combine(PackageDirectory, "node_modules", ".package-lock.json");
        return File.Exists(hidden) && File.GetLastWriteTimeUtc(hidden) >= File.GetLastWriteTimeUtc(Path.Combine(PackageDirectory, "package-lock.json"));
    }

    private static FileStream AcquireFileLock(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that needs Azurite (<see cref="StorageEmulator"/>): skipped without Node.js, except when CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute()
    {
        Skip = StorageEmulator.SkipReason;
    }
}

/// <summary>The theory form of <see cref="AzuriteFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AzuriteTheoryAttribute : TheoryAttribute
{
    public AzuriteTheoryAttribute()
    {
        Skip = StorageEmulator.SkipReason;
    }
}
