using System;
using System.Diagnostics;
using System.Threading;
using SupplyChain.TestUtilities;
using Xunit;

namespace SupplyChain.Core.Tests.Tuf.Repository;

/// <summary>Tests start and stop what they need: the storage emulator must not outlive a test process that was killed.</summary>
public sealed class StorageEmulatorLifetimeTests
{
    [AzuriteFact]
    public void Emulator_WhoseTestProcessWentAwayWithoutStoppingIt_ExitsByItself()
    {
        using var emulator = StorageEmulator.Start();
        Assert.False(emulator.HasExited);

        emulator.CloseStandardInput();

        var waited = Stopwatch.StartNew();
        while (!emulator.HasExited && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(100);
        }

        Assert.True(emulator.HasExited, "Azurite kept running after the pipe from its test process closed");
    }
}
