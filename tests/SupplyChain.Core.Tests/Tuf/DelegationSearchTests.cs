using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>docs/threat-model.md TM-T8: the pre-order depth-first delegation search (tuf-conformance's graphs).</summary>
public class DelegationSearchTests
{
    // (delegator, role, terminating, paths); every role trusted for "*" unless paths are given.
    public static IEnumerable<object[]> Graphs()
    {
        yield return Graph("basic-delegation", "A", ("targets", "A"));
        yield return Graph("single-level-delegations", "A,B", ("targets", "A"), ("targets", "B"));
        yield return Graph("two-level-delegations", "A,B,C", ("targets", "A"), ("targets", "B"), ("B", "C"));
        yield return Graph("two-level-DFS-order", "A,C,D,B", ("targets", "A"), ("targets", "B"), ("A", "C"), ("A", "D"));
        yield return Graph("three-level-DFS-order", "A,C,D,B", ("targets", "A"), ("targets", "B"), ("A", "C"), ("C", "D"));
        yield return Graph("two-level-terminating", "A,C", ("targets", "A"), ("targets", "B"), ("A", "C!"), ("A", "D"));
        yield return Graph("three-level-terminating", "A,C,D", ("targets", "A"), ("targets", "B"), ("A", "C!"), ("C", "D"));
        yield return Graph("two-level-paths-not-matching", "B", ("targets", "A:*.py"), ("targets", "B"), ("A", "C"));
        yield return Graph("three-level-paths-not-matching", "A,B", ("targets", "A"), ("targets", "B"), ("A", "C:*.py"), ("C", "D"));
        yield return Graph("two-roles-delegating-to-a-third", "A,C,B", ("targets", "A"), ("targets", "B"), ("B", "C"), ("A", "C"));
        yield return Graph("two-roles-delegating-to-a-third-different-paths", "A,B,C", ("targets", "A"), ("targets", "B"), ("B", "C"), ("A", "C:*.py"));
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Search_VisitsRolesInPreOrderDepthFirst(string name, string expectedOrder, (string Delegator, string Role)[] delegations)
    {
        var repo = Build(delegations);
        var client = repo.NewClient();
        repo.Refresh(client);

        var result = DelegationSearch.Find("missingpath", r => repo.LoadRole(client, r));

        Assert.False(result.IsFound, name);
        Assert.Equal(expectedOrder.Split(','), result.VisitedRoles.Skip(1).ToArray());
        Assert.Equal(result.VisitedRoles, repo.FetchedRoles);
    }

    [Fact]
    public void Delegation_Cycle_EndsTheSearchWithAnError()
    {
        var repo = Build(new[] { ("targets", "A"), ("targets", "B"), ("B", "C"), ("C", "D"), ("D", "B") });
        var client = repo.NewClient();
        repo.Refresh(client);

        var ex = TufAssert.Rejects<TufDelegationCycleException>("SCSDK4010", () => DelegationSearch.Find("missingpath", r => repo.LoadRole(client, r)));

        // The cycle alone, from the role delegated back to: not the path from 'targets' that led to it.
        Assert.Contains("form a cycle: 'B' -> 'C' -> 'D' -> 'B'. ", ex.Message);
        Assert.Equal(new[] { "targets", "A", "B", "C", "D" }, repo.FetchedRoles);
    }

    [Fact]
    public void Delegation_ToItself_IsACycle()
    {
        var repo = Build(new[] { ("targets", "A"), ("A", "A") });
        var client = repo.NewClient();
        repo.Refresh(client);

        TufAssert.Rejects<TufDelegationCycleException>("SCSDK4010", () => DelegationSearch.Find("x", r => repo.LoadRole(client, r)));
    }

    [Theory]
    [InlineData("targetfile", "targets", "")]
    [InlineData("README.md", "A", "A")]
    [InlineData("releases/x/x_v1", "C", "B,C")]
    [InlineData("releases/y/y_v1.zip", "D", "B,D")]
    [InlineData("releases/z/z_v1.zip", null, "B")]
    public void Search_FindsTheTargetThroughCoveringDelegationsOnly(string targetPath, string? expectedRole, string expectedVisits)
    {
        var repo = Build(new[] { ("targets", "A:*.doc|*.md"), ("targets", "B:releases/*/*"), ("B", "C:releases/x/*"), ("B", "D:releases/y/*.zip") });
        repo.AddTarget("targets", "targetfile", "targetfile content");
        repo.AddTarget("A", "README.md", "README by A");
        repo.AddTarget("C", "releases/x/x_v1", "x release by C");
        repo.AddTarget("D", "releases/y/y_v1.zip", "y release by D");
        repo.AddTarget("D", "releases/z/z_v1.zip", "z release by D");
        repo.PublishAll();
        var client = repo.NewClient();
        repo.Refresh(client);

        var result = DelegationSearch.Find(targetPath, r => repo.LoadRole(client, r));

        Assert.Equal(expectedRole, result.RoleName);
        Assert.Equal(expectedRole is not null, result.IsFound);
        Assert.Equal(expectedVisits.Split(',', StringSplitOptions.RemoveEmptyEntries), result.VisitedRoles.Skip(1).ToArray());
    }

    [Fact]
    public void Delegation_TargetOutsideTheDelegatedPaths_IsNotTrusted()
    {
        var repo = Build(new[] { ("targets", "A:*.py") });
        repo.AddTarget("A", "evil.exe", "malware");
        repo.AddTarget("A", "tool.py", "print()");
        repo.PublishAll();
        var client = repo.NewClient();
        repo.Refresh(client);

        Assert.False(DelegationSearch.Find("evil.exe", r => repo.LoadRole(client, r)).IsFound);
        Assert.Equal("A", DelegationSearch.Find("tool.py", r => repo.LoadRole(client, r)).RoleName);
    }

    [Fact]
    public void Delegation_PathHashPrefixes_CoverOnlyTheirPaths()
    {
        var repo = new RepositorySimulator();
        var hash = DelegatedRole.PathHash("file.txt");
        repo.AddDelegation("targets", "bin", pathHashPrefixes: new[] { hash[..2] });
        repo.AddTarget("bin", "file.txt", "x");
        var other = Enumerable.Range(0, 100).Select(i => "other" + i).First(p => !DelegatedRole.PathHash(p).StartsWith(hash[..2], StringComparison.Ordinal));
        repo.AddTarget("bin", other, "y");
        repo.PublishAll();
        var client = repo.NewClient();
        repo.Refresh(client);

        Assert.Equal("bin", DelegationSearch.Find("file.txt", r => repo.LoadRole(client, r)).RoleName);
        Assert.False(DelegationSearch.Find(other, r => repo.LoadRole(client, r)).IsFound);
    }

    [Fact]
    public void Delegation_Terminating_EndsTheSearch()
    {
        var repo = Build(new[] { ("targets", "A!"), ("targets", "B") });
        repo.AddTarget("B", "file.txt", "from B");
        repo.PublishAll();
        var client = repo.NewClient();
        repo.Refresh(client);

        var result = DelegationSearch.Find("file.txt", r => repo.LoadRole(client, r));

        Assert.False(result.IsFound);
        Assert.Equal(new[] { "targets", "A" }, result.VisitedRoles);
    }

    [Fact]
    public void Delegation_TooManyRoles_EndsTheSearchWithAnError()
    {
        var repo = Build(Enumerable.Range(0, 33).Select(i => ("targets", "r" + i)).ToArray());
        var client = repo.NewClient();
        repo.Refresh(client);

        var ex = TufAssert.Rejects<TufTooManyDelegationsException>("SCSDK4011", () => DelegationSearch.Find("x", r => repo.LoadRole(client, r)));

        Assert.Contains("32", ex.Message);
        Assert.Equal(33, repo.FetchedRoles.Count);
        var within = DelegationSearch.Find("x", r => repo.LoadRole(client, r), maxDelegations: 33);
        Assert.Equal(34, within.VisitedRoles.Count);
    }

    [Fact]
    public void Delegation_SuccinctRoles_VisitsOnlyTheTargetsBin()
    {
        var repo = new RepositorySimulator();
        var key = repo.NewKey();
        var succinct = new SuccinctRoles(new[] { key.KeyId }, 1, bitLength: 3, namePrefix: "bin");
        repo.Targets.Delegations = new Delegations(new Dictionary<string, TufKey> { [key.KeyId] = key.PublicKey.ToTufKey() }, succinct);
        foreach (var bin in succinct.GetRoles())
        {
            repo.DelegatedRoles[bin] = new Targets(RepositorySimulator.Now.AddDays(1));
            repo.Signers[bin] = new List<SigningKey> { key };
        }

        var binName = succinct.GetRoleForTarget("pkg/file.nupkg");
        repo.AddTarget(binName, "pkg/file.nupkg", "bytes");
        repo.PublishAll();
        var client = repo.NewClient();
        repo.Refresh(client);

        var result = DelegationSearch.Find("pkg/file.nupkg", r => repo.LoadRole(client, r));

        Assert.Equal(binName, result.RoleName);
        Assert.Equal(new[] { "targets", binName }, result.VisitedRoles);
        Assert.Equal(8, succinct.GetRoles().Count());
    }

    [Fact]
    public void DelegatedTargets_SignedByAKeyTheDelegatorDoesNotTrust_IsRejected()
    {
        var repo = Build(new[] { ("targets", "A"), ("targets", "B") });
        repo.Published["A"] = repo.Sign(repo.DelegatedRoles["A"], repo.Signers["B"]);
        repo.UpdateSnapshot();
        var client = repo.NewClient();
        repo.Refresh(client);

        var ex = TufAssert.Rejects<TufSignatureException>("SCSDK4003", () => DelegationSearch.Find("x", r => repo.LoadRole(client, r)));

        Assert.Equal("targets", ex.DelegatorName);
        Assert.Equal("A", ex.RoleName);
    }

    [Fact]
    public async System.Threading.Tasks.Task FindAsync_LoadsRolesThroughTheAsyncLoader()
    {
        var repo = Build(new[] { ("targets", "A"), ("A", "B") });
        repo.AddTarget("B", "deep-file", "x");
        repo.PublishAll();
        var client = repo.NewClient();
        repo.Refresh(client);

        var result = await DelegationSearch.FindAsync("deep-file", async (r, ct) =>
        {
            await System.Threading.Tasks.Task.Yield();
            return repo.LoadRole(client, r);
        });

        Assert.Equal("B", result.RoleName);
        Assert.Equal(new[] { "targets", "A", "B" }, result.VisitedRoles);
    }

    [Fact]
    public void Visit_AfterTheSearchEnded_IsCallerMisuse()
    {
        var search = new DelegationSearch("x");
        Assert.Equal(new DelegatedRoleRequest("targets", "root"), search.NextRole);
        search.Visit(new Targets(RepositorySimulator.Now));

        Assert.Null(search.NextRole);
        Assert.False(search.Result!.IsFound);
        Assert.Throws<InvalidOperationException>(() => search.Visit(new Targets(RepositorySimulator.Now)));
    }

    [Fact]
    public void Search_ArgumentsOutsideTheContract_AreRejectedAtOnce()
    {
        Assert.Throws<ArgumentNullException>("targetPath", () => new DelegationSearch(null!));
        Assert.Throws<ArgumentOutOfRangeException>("maxDelegations", () => new DelegationSearch("x", -1));
        Assert.Throws<ArgumentNullException>("loadRole", () => DelegationSearch.Find("x", null!));
        Assert.Throws<ArgumentNullException>("loadRole", () => DelegationSearch.FindAsync("x", null!).AsTask().GetAwaiter().GetResult());
        var search = new DelegationSearch("x");
        Assert.Throws<ArgumentNullException>("targets", () => search.Visit(null!));
        Assert.Equal(new DelegatedRoleRequest("targets", "root"), search.NextRole);
    }

    [Fact]
    public void Search_WithNoDelegatedRolesAllowed_StillReadsTargets()
    {
        var result = DelegationSearch.Find("x", _ => new Targets(RepositorySimulator.Now), maxDelegations: 0);

        Assert.Equal(new[] { "targets" }, result.VisitedRoles);
    }

    [Fact]
    public async System.Threading.Tasks.Task FindAsync_Cancelled_StopsBeforeTheNextRole_EvenWhenTheLoaderIgnoresTheToken()
    {
        using var cancellation = new System.Threading.CancellationTokenSource();
        cancellation.Cancel();
        var loads = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await DelegationSearch.FindAsync(
            "x",
            (_, _) =>
            {
                loads++;
                return new System.Threading.Tasks.ValueTask<Targets>(new Targets(RepositorySimulator.Now));
            },
            cancellationToken: cancellation.Token));

        Assert.Equal(0, loads);
    }

    [Fact]
    public void Visit_AfterTheSearchEnded_SaysTheSearchIsOver()
    {
        var search = new DelegationSearch("x");
        search.Visit(new Targets(RepositorySimulator.Now));

        var ex = Assert.Throws<InvalidOperationException>(() => search.Visit(new Targets(RepositorySimulator.Now)));

        Assert.Equal("The search is over; no role was asked for.", ex.Message);
    }

    private static object[] Graph(string name, string order, params (string Delegator, string Role)[] delegations)
        => new object[] { name, order, delegations };

    // A role spec is NAME, NAME! (terminating) or NAME:pattern|pattern.
    private static RepositorySimulator Build((string Delegator, string Role)[] delegations)
    {
        var repo = new RepositorySimulator();
        foreach (var (delegator, spec) in delegations)
        {
            var terminating = spec.EndsWith('!');
            var parts = spec.TrimEnd('!').Split(':', 2);
            var paths = parts.Length == 2 ? parts[1].Split('|') : new[] { "*" };
            if (!repo.DelegatedRoles.ContainsKey(delegator) && delegator != "targets")
            {
                repo.AddDelegation("targets", delegator);
            }

            repo.AddDelegation(delegator, parts[0], paths, terminating);
        }

        repo.PublishAll();
        return repo;
    }
}
