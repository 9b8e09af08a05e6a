using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>Truncated, garbled and random input into every update: only <see cref="TufRepositoryException"/>, never a crash.</summary>
public class RobustnessTests
{
    public static IEnumerable<object[]> Steps() => new[] { "root", "timestamp", "snapshot", "targets", "delegated", "trusted-root" }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Steps))]
    public void Update_WithGarbage_ThrowsOnlyRepositoryExceptions(string step)
    {
        var repo = new RepositorySimulator(metaHashes: false);
        repo.AddDelegation(TufRoles.Targets, "role1");
        repo.PublishAll();
        repo.BumpRoot();
        var valid = step switch
        {
            "root" or "trusted-root" => repo.PublishedRoots[1],
            "delegated" => repo.Published["role1"],
            _ => repo.Published[step],
        };

        var random = new Random(4711);
        var inputs = new List<byte[]>
        {
            Array.Empty<byte>(),
            Encoding.UTF8.GetBytes("null"),
            Encoding.UTF8.GetBytes("{}"),
            Encoding.UTF8.GetBytes(new string('[', 5000)),
            Encoding.UTF8.GetBytes("{\"signed\":{\"_type\":\"" + step + "\",\"version\":1e400},\"signatures\":[]}"),
            new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' },
            new byte[] { (byte)'"', 0xFF, 0xFE, (byte)'"' },
        };
        for (var length = 0; length < valid.Length; length += Math.Max(1, valid.Length / 97))
        {
            inputs.Add(valid[..length]);
        }

        for (var i = 0; i < 200; i++)
        {
            var mutated = (byte[])valid.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            inputs.Add(mutated);
        }

        for (var i = 0; i < 50; i++)
        {
            var noise = new byte[random.Next(1, 300)];
            random.NextBytes(noise);
            inputs.Add(noise);
        }

        foreach (var input in inputs)
        {
            var client = Prepare(repo, step);
            try
            {
                Apply(repo, client, step, input);
            }
            catch (TufRepositoryException ex)
            {
                Assert.False(string.IsNullOrEmpty(ex.Diagnostic.Code));
            }
        }
    }

    private static TrustedMetadataSet Prepare(RepositorySimulator repo, string step)
    {
        var client = repo.NewClient();
        if (step is "root" or "trusted-root")
        {
            return client;
        }

        repo.UpdateRoots(client);
        client.UpdateTimestamp(repo.Published[TufRoles.Timestamp]);
        if (step == "timestamp")
        {
            return client;
        }

        client.UpdateSnapshot(repo.Published[TufRoles.Snapshot]);
        if (step == "snapshot")
        {
            return client;
        }

        if (step == "delegated")
        {
            client.UpdateTargets(repo.Published[TufRoles.Targets]);
        }

        return client;
    }

    private static void Apply(RepositorySimulator repo, TrustedMetadataSet client, string step, byte[] input)
    {
        switch (step)
        {
            case "trusted-root":
                _ = new TrustedMetadataSet(input, RepositorySimulator.Now);
                break;
            case "root":
                client.UpdateRoot(input);
                break;
            case "timestamp":
                client.UpdateTimestamp(input);
                break;
            case "snapshot":
                client.UpdateSnapshot(input);
                client.UpdateSnapshot(repo.Published[TufRoles.Snapshot], isTrusted: true);
                break;
            case "targets":
                client.UpdateTargets(input);
                break;
            default:
                client.UpdateDelegatedTargets(input, "role1", TufRoles.Targets);
                break;
        }
    }
}
