using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>A role the search needs next: load its metadata (delegated by <see cref="DelegatorName"/>) and pass it back.</summary>
/// <param name="RoleName">The role to load; <c>targets</c> first.</param>
/// <param name="DelegatorName">The role that delegates to it; <c>root</c> for <c>targets</c>.</param>
public sealed record DelegatedRoleRequest(string RoleName, string DelegatorName);

/// <summary>The outcome of a <see cref="DelegationSearch"/>.</summary>
/// <param name="TargetPath">The target searched for.</param>
/// <param name="Target">The signed entry of the target, or null when no trusted role lists it.</param>
/// <param name="RoleName">The role whose metadata lists it, or null.</param>
/// <param name="VisitedRoles">The roles whose metadata was read, in order (<c>targets</c> first).</param>
public sealed record TargetSearchResult(string TargetPath, TargetFile? Target, string? RoleName, IReadOnlyList<string> VisitedRoles)
{
    /// <summary>True when a trusted role lists the target.</summary>
    public bool IsFound => Target is not null;
}

/// <summary>
/// Finds the trusted entry of a target path by the pre-order depth-first search of the TUF specification
/// (5.6.7), without I/O: it asks for one role's metadata at a time (<see cref="NextRole"/>), which the caller loads
/// through <see cref="TrustedMetadataSet.UpdateDelegatedTargets"/> and hands back with <see cref="Visit"/>.
/// <list type="bullet">
/// <item>A role's own target entries are looked at before its delegations; delegations are followed in their order,
/// only those whose <c>paths</c> or <c>path_hash_prefixes</c> cover the path (a succinct delegation gives one bin),
/// so an entry is trusted only when every delegation on the way covers its path.</item>
/// <item>A terminating delegation that covers the path ends the search of everything after it (5.6.7.2.1): only
/// that role and its own delegations are still searched.</item>
/// <item>A role reached a second time by another way (two roles delegating to a third) is not read again.</item>
/// <item>A delegation back to a role on the current path (a cycle) ends the search with
/// <see cref="TufDelegationCycleException"/>; needing more than <see cref="MaxDelegations"/> delegated roles ends it
/// with <see cref="TufTooManyDelegationsException"/>.</item>
/// </list>
/// </summary>
public sealed class DelegationSearch
{
    private readonly Stack<Step> _stack = new();
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly List<string> _visitedOrder = new();
    private Step? _next;

    /// <summary>Starts a search; the first role asked for is <c>targets</c>.</summary>
    /// <param name="targetPath">The target path.</param>
    /// <param name="maxDelegations">The most delegated roles (besides <c>targets</c>) to read.</param>
    public DelegationSearch(string targetPath, int maxDelegations = 32)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDelegations);
        TargetPath = targetPath;
        MaxDelegations = maxDelegations;
        _next = new Step(TufRoles.Targets, TufRoles.Root, null);
    }

    /// <summary>The target path.</summary>
    public string TargetPath { get; }

    /// <summary>The most delegated roles the search reads.</summary>
    public int MaxDelegations { get; }

    /// <summary>The role to load next, or null when the search is over (see <see cref="Result"/>).</summary>
    public DelegatedRoleRequest? NextRole => _next is null ? null : new DelegatedRoleRequest(_next.RoleName, _next.DelegatorName);

    /// <summary>The outcome, once <see cref="NextRole"/> is null.</summary>
    public TargetSearchResult? Result { get; private set; }

    /// <summary>Runs a whole search with a loader that returns each requested role's verified metadata.</summary>
    /// <exception cref="TufRepositoryException">A cycle, too many delegations, or whatever the loader throws.</exception>
    public static TargetSearchResult Find(string targetPath, Func<DelegatedRoleRequest, Targets> loadRole, int maxDelegations = 32)
    {
        ArgumentNullException.ThrowIfNull(loadRole);
        var search = new DelegationSearch(targetPath, maxDelegations);
        while (search.NextRole is { } request)
        {
            search.Visit(loadRole(request));
        }

        return search.Result!;
    }

    /// <summary>Runs a whole search with an asynchronous loader (the client's fetch loop).</summary>
    /// <exception cref="TufRepositoryException">A cycle, too many delegations, or whatever the loader throws.</exception>
    public static async ValueTask<TargetSearchResult> FindAsync(
        string targetPath,
        Func<DelegatedRoleRequest, CancellationToken, ValueTask<Targets>> loadRole,
        int maxDelegations = 32,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loadRole);
        var search = new DelegationSearch(targetPath, maxDelegations);
        while (search.NextRole is { } request)
        {
            cancellationToken.ThrowIfCancellationRequested();
            search.Visit(await loadRole(request, cancellationToken).ConfigureAwait(false));
        }

        return search.Result!;
    }

    /// <summary>Hands over the verified metadata of the role <see cref="NextRole"/> asked for.</summary>
    /// <exception cref="InvalidOperationException">The search is over.</exception>
    /// <exception cref="TufDelegationCycleException">The role delegates back to a role on its own path.</exception>
    /// <exception cref="TufTooManyDelegationsException">More delegated roles would be needed than allowed.</exception>
    public void Visit(Targets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var current = _next ?? throw new InvalidOperationException("The search is over; no role was asked for.");
        _next = null;
        _visited.Add(current.RoleName);
        _visitedOrder.Add(current.RoleName);

        // 5.6.7: the role's own entry comes first.
        if (targets.TargetFiles.TryGetValue(TargetPath, out var target))
        {
            Result = new TargetSearchResult(TargetPath, target, current.RoleName, _visitedOrder.ToArray());
            _stack.Clear();
            return;
        }

        if (targets.Delegations is { } delegations)
        {
            var children = new List<Step>();
            foreach (var (child, terminating) in delegations.GetRolesForTarget(TargetPath))
            {
                // 5.6.7.1: a delegation back to a role on the current path is a cycle.
                for (var ancestor = current; ancestor is not null; ancestor = ancestor.Parent)
                {
                    if (string.Equals(ancestor.RoleName, child, StringComparison.Ordinal))
                    {
                        throw new TufDelegationCycleException(TargetPath, DescribeCycle(current, child));
                    }
                }

                children.Add(new Step(child, current.RoleName, current));

                // 5.6.7.2.1: a terminating delegation that covers the path: nothing after it is searched.
                if (terminating)
                {
                    _stack.Clear();
                    break;
                }
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                _stack.Push(children[i]);
            }
        }

        Advance();
    }

    private void Advance()
    {
        while (_stack.Count > 0)
        {
            var step = _stack.Pop();

            // Reached again by another way: the role was read (and its delegations followed) already.
            if (_visited.Contains(step.RoleName))
            {
                continue;
            }

            // 5.6.7: bounded work: at most MaxDelegations delegated roles besides 'targets'.
            if (_visitedOrder.Count - 1 >= MaxDelegations)
            {
                throw new TufTooManyDelegationsException(TargetPath, MaxDelegations);
            }

            _next = step;
            return;
        }

        Result = new TargetSearchResult(TargetPath, null, null, _visitedOrder.ToArray());
    }

    private static string DescribeCycle(Step current, string child)
    {
        var path = new List<string>();
        for (var step = current; step is not null; step = step.Parent)
        {
            path.Add(step.RoleName);
            if (string.Equals(step.RoleName, child, StringComparison.Ordinal))
            {
                break;
            }
        }

        path.Reverse();
        path.Add(child);
        var builder = new StringBuilder();
        foreach (var role in path)
        {
            if (builder.Length > 0)
            {
                builder.Append(" -> ");
            }

            builder.Append('\'').Append(role).Append('\'');
        }

        return builder.ToString();
    }

    private sealed record Step(string RoleName, string DelegatorName, Step? Parent);
}
