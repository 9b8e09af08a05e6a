using System;

namespace SupplyChain.Tuf.ConformanceClient;

/// <summary>
/// The TUF conformance suite's client protocol (init, refresh, download; exit code 0 or 1): see
/// <see cref="ConformanceClient"/> and docs/tuf.md.
/// </summary>
public static class Program
{
    /// <summary>Runs one command of the protocol.</summary>
    public static int Main(string[] args) => ConformanceClient.Run(args, Console.Error);
}
