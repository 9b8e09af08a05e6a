using System;

namespace SupplyChain.Sigstore.ConformanceClient;

/// <summary>The Sigstore conformance suite's client protocol for verification: see <see cref="ConformanceClient"/>.</summary>
public static class Program
{
    /// <summary>Runs one command of the protocol.</summary>
    public static int Main(string[] args) => ConformanceClient.Run(args, Console.Out, Console.Error);
}
