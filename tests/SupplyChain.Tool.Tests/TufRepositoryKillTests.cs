using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SupplyChain.TestUtilities;
using SupplyChain.Tool.CrashHost;

namespace SupplyChain.Tool.Tests;

/// <summary>
/// Kills a real process running the <c>supplychain</c> command tree (the test-only <see cref="CrashHostProgram"/>, which
/// pauses after a chosen write; the shipped tool has no such hook) with SIGKILL in the middle of <c>tuf add</c> (with publishing), after
/// each of its writes in turn, and checks that the repository it leaves still verifies for clients (showing the old
/// release or the whole new one) and that running the command again finishes the release.
/// </summary>
public sealed class TufRepositoryKillTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AddAndPublish_KilledAfterEachWrite_LeavesARepositoryThatVerifies()
    {
        using var dir = new TestDirectory("tufkill");
        var keys = TufKeys.Make(dir);
        var files = new[] { dir.WriteFile("in/a.txt", "a"), dir.WriteFile("in/b.txt", "b"), dir.WriteFile("in/c.txt", "c") };
        var killedAt = new List<string>();
        for (var stop = 1; ; stop++)
        {
            var repo = dir.Combine("repo" + stop);
            var init = CommandRunner.Run("tuf", "init", repo, "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp, "--bins", "4", "--bins-key", keys.Bins);
            Assert.True(init.ExitCode == 0, init.Error);
            var args = new List<string> { "tuf", "add", repo };
            args.AddRange(files);
            args.AddRange(new[] { "--key", keys.Bins, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp });

            var (paused, line) = await RunUntilPausedAsync(args, stop);
            if (!paused)
            {
                // The command had fewer writes than 'stop': it ran to the end.
                Assert.True(stop > 5, $"add and publish made only {stop - 1} writes");
                Assert.Equal(3, TufRepositoryAssert.Verify(repo).Count);
                break;
            }

            killedAt.Add(line);
            var seen = TufRepositoryAssert.Verify(repo).Count;
            Assert.True(seen is 0 or 3, $"killed {line}: clients see {seen} targets");

            var rerun = CommandRunner.Run(args.ToArray());
            Assert.True(rerun.ExitCode == 0, rerun.Error);
            Assert.Equal(3, TufRepositoryAssert.Verify(repo).Count);
        }

        Assert.Contains(killedAt, l => l.Contains("Snapshot", StringComparison.Ordinal));
        Assert.Contains(killedAt, l => l.Contains("Timestamp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShippedTool_WithTheFormerPauseVariableSet_DoesNotPause()
    {
        // The shipped tool once paused after a write when this variable was set: a hook anyone who sets the
        // environment of a release job could use to stop it mid-write. It must now run to the end.
        using var dir = new TestDirectory("tufnohook");
        var keys = TufKeys.Make(dir);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in new[] { "tuf", "init", dir.Combine("repo"), "--root-key", keys.Root, "--targets-key", keys.Targets, "--snapshot-key", keys.Snapshot, "--timestamp-key", keys.Timestamp })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SUPPLYCHAIN_TUF_TEST_PAUSE_AFTER_WRITE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(s_timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the shipped tool paused (or hung) with SUPPLYCHAIN_TUF_TEST_PAUSE_AFTER_WRITE set: " + await stderr);
        }

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.DoesNotContain("paused", await stderr, StringComparison.Ordinal);
        Assert.Contains("Created the TUF repository", await stdout, StringComparison.Ordinal);
        Assert.Empty(TufRepositoryAssert.Verify(dir.Combine("repo")));
    }

    /// <summary>Starts the crash host pausing after write <paramref name="pauseAfter"/>, waits for the pause line, and SIGKILLs it; false when it finished instead.</summary>
    internal static async Task<(bool Paused, string Line)> RunUntilPausedAsync(IEnumerable<string> args, int pauseAfter)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CrashHostProgram).Assembly.Location);
        start.ArgumentList.Add(pauseAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow + s_timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = await process.StandardError.ReadLineAsync().WaitAsync(deadline - DateTime.UtcNow);
            if (line is null)
            {
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, "the tool failed: " + await stdout);
                return (false, string.Empty);
            }

            if (line.StartsWith(CrashHostProgram.PausedPrefix, StringComparison.Ordinal))
            {
                // Process.Kill sends SIGKILL on Unix: no handler, no finally block, no flush runs.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return (true, line);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"the tool neither paused after write {pauseAfter} nor finished");
    }
}
