using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Tuf.ConformanceClient;

/// <summary>
/// The command line the TUF conformance suite (theupdateframework/tuf-conformance) drives a client with, mapped
/// onto <see cref="Updater"/>. Every call is a new process; state lives only in the two folders.
/// <code>
/// CLIENT --metadata-dir DIR init TRUSTED_ROOT
/// CLIENT --metadata-url URL --metadata-dir DIR refresh
/// CLIENT --metadata-url URL --metadata-dir DIR --target-name PATH [--target-name PATH ...] --target-dir TDIR --target-base-url TURL download
/// </code>
/// Options come before the command word, in any order. The exit code is 0 on success and 1 on any failure, usage
/// errors included (the suite accepts nothing else). <c>init</c> only stores the root; <c>refresh</c> runs the
/// top-level workflow; <c>download</c> refreshes, then finds and downloads each target in order with one updater,
/// stopping at the first failure. A target is stored in TDIR under its percent-encoded path, and a file that already
/// holds the target is not downloaded again.
/// </summary>
internal static class ConformanceClient
{
    /// <summary>Runs one command.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="error">Where failures are described.</param>
    /// <param name="timeProvider">The clock (a test seam); null for the system clock.</param>
    /// <param name="handler">The HTTP handler (a test seam); null for the default one.</param>
    /// <returns>0 or 1.</returns>
    public static int Run(string[] args, TextWriter error, TimeProvider? timeProvider = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return RunAsync(args, error, timeProvider ?? TimeProvider.System, handler).GetAwaiter().GetResult();
        }
        catch (TufRepositoryException ex)
        {
            error.WriteLine(ex.Diagnostic.ToCanonicalString());
            return 1;
        }
        catch (Exception ex)
        {
            error.WriteLine("error: " + ex.GetType().Name + ": " + ex.Message);
            return 1;
        }
    }

    private static async Task<int> RunAsync(string[] args, TextWriter error, TimeProvider clock, HttpMessageHandler? handler)
    {
        if (!TryParse(args, out var options, out var command, out var operand, out var problem))
        {
            error.WriteLine("usage error: " + problem);
            return 1;
        }

        var metadataDir = Required(options, "--metadata-dir");
        switch (command)
        {
            case "init":
                if (operand is null)
                {
                    error.WriteLine("usage error: init needs the trusted root file");
                    return 1;
                }

                Directory.CreateDirectory(metadataDir);
                Updater.Initialize(metadataDir, await File.ReadAllBytesAsync(operand).ConfigureAwait(false));
                return 0;

            case "refresh":
                {
                    using var fetcher = new HttpTufFetcher(Required(options, "--metadata-url"), Required(options, "--metadata-url"), handler);
                    var updater = new Updater(metadataDir, fetcher, new UpdaterOptions { TimeProvider = clock });
                    await updater.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
                    return 0;
                }

            case "download":
                {
                    var targetDir = Required(options, "--target-dir");
                    using var fetcher = new HttpTufFetcher(Required(options, "--metadata-url"), Required(options, "--target-base-url"), handler);
                    var updater = new Updater(metadataDir, fetcher, new UpdaterOptions { TimeProvider = clock });
                    await updater.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
                    if (!options.TryGetValue("--target-name", out var names) || names.Count == 0)
                    {
                        error.WriteLine("usage error: download needs --target-name");
                        return 1;
                    }

                    foreach (var name in names)
                    {
                        var target = await updater.GetTargetAsync(name, CancellationToken.None).ConfigureAwait(false);
                        var path = Path.Combine(targetDir, Updater.LocalFileName(name));
                        if (!Updater.IsCached(target, path))
                        {
                            await updater.DownloadTargetAsync(target, path, CancellationToken.None).ConfigureAwait(false);
                        }
                    }

                    return 0;
                }

            default:
                error.WriteLine($"usage error: unknown command '{command}' (init, refresh or download)");
                return 1;
        }
    }

    private static string Required(Dictionary<string, List<string>> options, string name)
        => options.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : throw new ArgumentException($"the option {name} is required");

    private static bool TryParse(string[] args, out Dictionary<string, List<string>> options, out string? command, out string? operand, out string? problem)
    {
        options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        command = null;
        operand = null;
        problem = null;
        var known = new HashSet<string>(StringComparer.Ordinal) { "--metadata-dir", "--metadata-url", "--target-name", "--target-dir", "--target-base-url" };
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (command is not null)
            {
                if (operand is not null || arg.StartsWith("--", StringComparison.Ordinal))
                {
                    problem = $"unexpected '{arg}' after the command word";
                    return false;
                }

                operand = arg;
                continue;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var name = arg;
                string? value = null;
                var equals = arg.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    name = arg[..equals];
                    value = arg[(equals + 1)..];
                }

                if (!known.Contains(name))
                {
                    problem = $"unknown option '{name}'";
                    return false;
                }

                if (value is null)
                {
                    if (i + 1 >= args.Length)
                    {
                        problem = $"the option {name} needs a value";
                        return false;
                    }

                    value = args[++i];
                }

                if (!options.TryGetValue(name, out var list))
                {
                    options[name] = list = new List<string>();
                }

                list.Add(value);
                continue;
            }

            command = arg;
        }

        if (command is null)
        {
            problem = "no command (init, refresh or download)";
            return false;
        }

        return true;
    }
}
