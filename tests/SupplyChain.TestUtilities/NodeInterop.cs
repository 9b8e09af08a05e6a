using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace SupplyChain.TestUtilities;

/// <summary>
/// Runs the independent verifiers from npm that live in <c>tests/interop</c> (a Node.js package with a committed
/// <c>package-lock.json</c>). Finds <c>node</c> and <c>npm</c> on PATH, installs the locked packages with
/// <c>npm ci</c> once (guarded by a lock across threads and processes, because several test assemblies may run at
/// the same time), and runs a script with a timeout. Tests use <see cref="NodeFactAttribute"/> or
/// <see cref="NodeTheoryAttribute"/>: without Node.js they skip, except on CI (CI=true), where they fail.
/// </summary>
public static class NodeInterop
{
    private static readonly Lazy<string?> s_node = new(() => FindOnPath("node"));
    private static readonly Lazy<string?> s_npm = new(() => FindOnPath("npm"));
    private static readonly object s_installLock = new();
    private static bool s_installed;

    /// <summary>The interop package folder, <c>tests/interop</c>.</summary>
    public static string InteropDirectory => Path.Combine(RepositoryPaths.Root, "tests", "interop");

    /// <summary>The full path of <c>node</c>, or null when it is not on PATH.</summary>
    public static string? NodePath => s_node.Value;

    /// <summary>The full path of <c>npm</c>, or null when it is not on PATH.</summary>
    public static string? NpmPath => s_npm.Value;

    /// <summary>Why Node.js tests cannot run here, or null when they can (or when CI=true, where they must run and fail instead).</summary>
    public static string? SkipReason
    {
        get
        {
            if (RepositoryPaths.IsCi || (NodePath is not null && NpmPath is not null))
            {
                return null;
            }

            return $"Node.js ({(NodePath is null ? "node" : "npm")}) is not on PATH; the interop tests run the independent verifiers in tests/interop with it. Install Node.js 20.18 or later (the tests fail instead of skipping when CI=true).";
        }
    }

    /// <summary>
    /// Installs the locked npm packages into <c>tests/interop/node_modules</c> with <c>npm ci</c> unless they are
    /// already there and not older than <c>package-lock.json</c>. Runs at most once per process.
    /// </summary>
    /// <exception cref="InvalidOperationException">Node.js is missing or <c>npm ci</c> failed; the message has its output.</exception>
    public static void EnsureInstalled()
    {
        lock (s_installLock)
        {
            if (s_installed)
            {
                return;
            }

            var npm = NpmPath ?? throw new InvalidOperationException("npm is not on PATH; the interop tests need Node.js 20.18 or later (CI=true requires it).");
            using (AcquireProcessLock(TimeSpan.FromMinutes(10)))
            {
                if (!IsInstalled())
                {
                    var result = ProcessRunner.Run(npm, ["ci", "--no-audit", "--no-fund"], InteropDirectory, ProcessRunner.CleanEnvironment(), TimeSpan.FromMinutes(5));
                    if (result.ExitCode != 0 || !IsInstalled())
                    {
                        throw new InvalidOperationException("'npm ci' failed in " + InteropDirectory + ".\n" + result.Tail());
                    }
                }
            }

            s_installed = true;
        }
    }

    /// <summary>Runs a script of <c>tests/interop</c> with node (after <see cref="EnsureInstalled"/>), in that folder.</summary>
    /// <param name="script">The script path relative to <c>tests/interop</c>, such as <c>validate-cyclonedx.mjs</c>.</param>
    /// <param name="arguments">The script's arguments.</param>
    /// <param name="timeout">How long it may run before it is killed (exit code -1 then).</param>
    public static ProcessResult RunScript(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        EnsureInstalled();
        var node = NodePath ?? throw new InvalidOperationException("node is not on PATH; the interop tests need Node.js 20.18 or later (CI=true requires it).");
        var path = Path.Combine(InteropDirectory, script);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The interop script does not exist.", path);
        }

        return ProcessRunner.Run(node, new[] { path }.Concat(arguments), InteropDirectory, ProcessRunner.CleanEnvironment(), timeout);
    }

    private static bool IsInstalled()
    {
        var lockFile = Path.Combine(InteropDirectory, "package-lock.json");
        var hiddenLockFile = Path.Combine(InteropDirectory, "node_modules", ".package-lock.json");
        return File.Exists(hiddenLockFile) && File.GetLastWriteTimeUtc(hiddenLockFile) >= File.GetLastWriteTimeUtc(lockFile);
    }

    // An exclusive lock on a file in the temp folder: on Unix .NET takes an advisory lock for FileShare.None,
    // so two test processes never run 'npm ci' into the same folder at once.
    private static FileStream AcquireProcessLock(TimeSpan timeout)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(InteropDirectory)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"supplychain-npm-ci-{key}.lock");
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

    private static string? FindOnPath(string name)
    {
        var names = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(ext => name + ext.ToLowerInvariant()).ToArray()
            : [name];
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names)
            {
                var path = Path.Combine(directory.Trim('"'), candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }
}
