using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

public sealed partial class RepositoryEditor
{
    /// <summary>
    /// The state of the repository: each top-level role's version, keys, threshold and expiry; for hashed bins their
    /// keys, versions and the bin that expires first (read from the head of each bin file, not the whole file); the
    /// roles signed but not yet published.
    /// </summary>
    public RepositoryStatus GetStatus()
    {
        var roles = new List<RoleStatus>
        {
            Status(TufRoles.Root, _root.Signed.Version, _root.Signed.Expires, isPublished: true),
            Status(TufRoles.Timestamp, _timestamp.Signed.Version, _timestamp.Signed.Expires, isPublished: true),
            Status(TufRoles.Snapshot, _snapshot.Signed.Version, _snapshot.Signed.Expires, isPublished: true),
        };
        var targets = Targets;
        roles.Add(Status(TufRoles.Targets, targets.Signed.Version, targets.Signed.Expires, !_pending.ContainsKey(TufRoles.Targets)));

        BinsStatus? binsStatus = null;
        if (Bins is { } bins)
        {
            long min = long.MaxValue, max = 0;
            RoleStatus? first = null;
            foreach (var name in bins.GetRoles())
            {
                var pending = _pending.TryGetValue(name, out var pendingVersion);
                var version = pending ? pendingVersion : _snapshot.Signed.FindRole(name)?.Version ?? 0;
                if (version == 0)
                {
                    continue;
                }

                min = Math.Min(min, version);
                max = Math.Max(max, version);
                var expires = _roles.TryGetValue(name, out var loaded) ? loaded.Signed.Expires : ReadExpires(RepositoryKeys.Role(name, version), name);
                if (first is null || expires < first.Expires)
                {
                    first = new RoleStatus(name, version, bins.KeyIds.ToArray(), bins.Threshold, expires, !pending);
                }
            }

            if (first is not null)
            {
                binsStatus = new BinsStatus(bins.NamePrefix, bins.NumberOfBins, bins.BitLength, bins.KeyIds.ToArray(), bins.Threshold, min, max, first);
            }
        }

        var pendingRoles = new List<RoleVersion>();
        foreach (var (role, version) in _pending)
        {
            var path = RepositoryKeys.Role(role, version);
            var expires = _roles.TryGetValue(role, out var loaded) && loaded.Signed.Version == version ? loaded.Signed.Expires : ReadExpires(path, role);
            pendingRoles.Add(new RoleVersion(role, version, _store.Describe(path), expires));
        }

        return new RepositoryStatus(
            _store.Location,
            Now,
            _root.Signed.UsesConsistentSnapshots,
            roles,
            binsStatus,
            pendingRoles,
            targets.Signed.TargetFiles.Count,
            _snapshotLength,
            new SortedDictionary<string, int>(_settings.ExpiryDays, StringComparer.Ordinal));
    }

    /// <summary>
    /// Reports SCSDK4600 for each expired role and SCSDK4601 for each that expires within a quarter of its expiry
    /// period (at most 30 days): what clients will refuse, and the command that renews it.
    /// </summary>
    public static void ReportExpiry(RepositoryStatus status, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(sink);
        var all = new List<RoleStatus>(status.Roles);
        if (status.Bins is { } bins)
        {
            all.Add(bins.FirstToExpire);
        }

        foreach (var role in all)
        {
            var kind = RepositorySettings.ExpiryKey(role.RoleName);
            var renew = kind switch
            {
                TufRoles.Root => $"sign a new root with 'supplychain tuf rotate {status.Directory} --role root --root-key KEY'",
                TufRoles.Targets => $"renew it with 'supplychain tuf rotate {status.Directory} --role targets --key KEY --snapshot-key KEY --timestamp-key KEY'",
                RepositorySettings.DelegatedRoles => $"renew the hashed bins with 'supplychain tuf rotate {status.Directory} --role bins --key KEY --snapshot-key KEY --timestamp-key KEY'",
                _ => $"publish with 'supplychain tuf publish {status.Directory} --snapshot-key KEY --timestamp-key KEY'",
            };
            var period = TimeSpan.FromDays(status.ExpiryDays.TryGetValue(kind, out var days) ? days : RepositorySettings.DefaultExpiryDays(kind));
            var soon = TimeSpan.FromTicks(Math.Min(period.Ticks / 4, TimeSpan.FromDays(30).Ticks));
            if (status.ReferenceTime >= role.Expires)
            {
                sink.Report(Diagnostic.Create(DiagnosticCatalog.TufRepository_Expired, null, 0, role.RoleName, status.Directory, TufDateTime.Format(role.Expires), renew));
            }
            else if (role.Expires - status.ReferenceTime < soon)
            {
                var shown = Math.Max(1, (int)Math.Ceiling(soon.TotalDays));
                sink.Report(Diagnostic.Create(DiagnosticCatalog.TufRepository_ExpiresSoon, null, 0, role.RoleName, status.Directory, TufDateTime.Format(role.Expires), shown.ToString(CultureInfo.InvariantCulture), renew));
            }
        }
    }

    private RoleStatus Status(string role, long version, DateTimeOffset expires, bool isPublished)
    {
        var keys = DelegationKeysOf(role);
        return new RoleStatus(role, version, keys.Keys.Keys.ToArray(), keys.Threshold, expires, isPublished);
    }

    /// <summary>
    /// The <c>signed.expires</c> of a metadata file, read from its beginning when it can be (the members are written
    /// sorted, so <c>expires</c> comes before a bin's targets); the whole file otherwise.
    /// </summary>
    private DateTimeOffset ReadExpires(string path, string roleName)
    {
        const int HeadLength = 16 * 1024;
        byte[] head;
        bool complete;
        try
        {
            using var stream = _store.OpenRead(path) ?? throw new FileNotFoundException(null, _store.Describe(path));
            head = new byte[(int)Math.Min(stream.Length, HeadLength)];
            stream.ReadExactly(head);
            complete = stream.Length <= HeadLength;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TufRepositoryInconsistentException(_store.Location, roleName, $"'{_store.Describe(path)}' does not exist", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, _store.Describe(path), 0, _store.Describe(path), ex.Message);
        }

        if (TryReadExpires(head, complete, out var expires))
        {
            return expires;
        }

        return Metadata<Targets>.FromBytes(ReadFile(path, roleName), roleName).Signed.Expires;
    }

    private static bool TryReadExpires(byte[] data, bool isFinalBlock, out DateTimeOffset expires)
    {
        expires = default;
        var reader = new Utf8JsonReader(data, isFinalBlock, default);
        var inSigned = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.CurrentDepth == 1 && reader.ValueTextEquals("signed"u8))
                {
                    inSigned = true;
                }
                else if (inSigned && reader.CurrentDepth == 2 && reader.ValueTextEquals("expires"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String && TufDateTime.TryParse(reader.GetString(), out expires);
                }
            }
        }
        catch (JsonException)
        {
            // A malformed head: the full read reports it.
        }

        return false;
    }
}
