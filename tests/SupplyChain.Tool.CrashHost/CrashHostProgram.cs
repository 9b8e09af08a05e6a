using System;
using System.Globalization;
using System.Threading;

namespace SupplyChain.Tool.CrashHost;

/// <summary>
/// <c>SupplyChain.Tool.CrashHost N ARGS...</c>: runs the supplychain command line ARGS in this process, and after the N-th durable
/// write of a TUF repository operation prints <see cref="PausedPrefix"/> to stderr and waits to be killed.
/// </summary>
public static class CrashHostProgram
{
    /// <summary>The start of the line printed at the pause.</summary>
    public const string PausedPrefix = "supplychain: paused after write";

    /// <summary>Runs the command and returns its exit code (2 when the pause count is missing).</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pauseAfter) || pauseAfter < 1)
        {
            Console.Error.WriteLine("usage: SupplyChain.Tool.CrashHost PAUSE_AFTER_WRITE ARGS...");
            return 2;
        }

        var context = new CommandContext(Console.Out, Console.Error)
        {
            AfterRepositoryWrite = write =>
            {
                if (write.Number == pauseAfter)
                {
                    Console.Error.WriteLine($"{PausedPrefix} {write.Number.ToString(CultureInfo.InvariantCulture)} ({write.Kind} {write.Path})");
                    Console.Error.Flush();
                    Thread.Sleep(Timeout.Infinite);
                }
            },
        };
        return Program.Run(args[1..], context);
    }
}
