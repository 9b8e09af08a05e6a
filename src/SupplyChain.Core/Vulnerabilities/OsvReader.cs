using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Vulnerabilities;

/// <summary>
/// Reads OSV records (https://ossf.github.io/osv-schema/), the format of the GitHub Advisory Database and osv.dev.
/// Keeps only <c>affected</c> entries of ecosystem <c>NuGet</c> (however cased: a miscased one is not dropped); turns <c>ECOSYSTEM</c> ranges into intervals with
/// NuGet version semantics (<c>introduced</c>/<c>fixed</c>/<c>last_affected</c>, events sorted by version as the schema
/// says; a range left open takes GitHub's <c>last_known_affected_version_range</c> when present); keeps explicit
/// <c>versions</c>. A withdrawn record yields null. A record it cannot read is
/// <see cref="DiagnosticCatalog.VulnerabilityData_Malformed"/>: never skipped silently, since a skipped record is a
/// vulnerability nobody is told about.
/// </summary>
public static class OsvReader
{
    /// <summary>Parses one record; null when it is withdrawn or names no NuGet package.</summary>
    /// <param name="utf8">The JSON bytes.</param>
    /// <param name="origin">The file (or zip entry) the bytes came from, for diagnostics.</param>
    public static Advisory? Parse(ReadOnlySpan<byte> utf8, string origin)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            return Parse(document.RootElement, origin);
        }
        catch (JsonException ex)
        {
            throw Malformed(origin, (int)(ex.LineNumber ?? -1) + 1, "it is not valid JSON (" + ex.Message + ")");
        }
        catch (InvalidOperationException ex)
        {
            // A value of another JSON type than the schema says (GetString on a number, ...).
            throw Malformed(origin, 0, "it is not an OSV record: " + ex.Message);
        }
    }

    private static Advisory? Parse(JsonElement root, string origin)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(origin, 0, "it is not an OSV record (not a JSON object)");
        }

        var id = String(root, "id") ?? throw Malformed(origin, 0, "it is not an OSV record (no 'id')");
        if (root.TryGetProperty("withdrawn", out var withdrawn) && withdrawn.ValueKind == JsonValueKind.String && withdrawn.GetString()!.Length > 0)
        {
            return null;
        }

        var aliases = new List<string>();
        if (root.TryGetProperty("aliases", out var aliasArray) && aliasArray.ValueKind == JsonValueKind.Array)
        {
            aliases.AddRange(aliasArray.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
        }

        var severity = VulnerabilitySeverity.Unknown;
        if (root.TryGetProperty("database_specific", out var databaseSpecific) && databaseSpecific.ValueKind == JsonValueKind.Object
            && String(databaseSpecific, "severity") is { } label)
        {
            VulnerabilitySeverityText.TryParse(label, out severity);
        }

        var vectors = new List<(string, string)>();
        if (root.TryGetProperty("severity", out var severityArray) && severityArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in severityArray.EnumerateArray())
            {
                if (String(s, "type") is { } type && String(s, "score") is { } score)
                {
                    vectors.Add((type, score));
                }
            }
        }

        DateTimeOffset? modified = null;
        if (String(root, "modified") is { } modifiedText && DateTimeOffset.TryParse(modifiedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var m))
        {
            modified = m;
        }

        var affected = new List<AffectedPackage>();
        if (root.TryGetProperty("affected", out var affectedArray) && affectedArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in affectedArray.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("package", out var package) || package.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (!string.Equals(String(package, "ecosystem"), "NuGet", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var name = String(package, "name");
                if (string.IsNullOrWhiteSpace(name))
                {
                    throw Malformed(origin, 0, $"advisory {id} has a NuGet 'affected' entry without a package name");
                }

                affected.Add(ReadAffected(id, name, entry, origin));
            }
        }

        if (affected.Count == 0)
        {
            return null;
        }

        var url = "https://github.com/advisories/" + id;
        if (!id.StartsWith("GHSA-", StringComparison.Ordinal))
        {
            // Not GitHub's: its first https reference, else osv.dev's page (github.com/advisories knows only GHSA ids).
            url = (root.TryGetProperty("references", out var references) && references.ValueKind == JsonValueKind.Array
                ? references.EnumerateArray().Select(r => String(r, "url")).FirstOrDefault(u => u is not null && u.StartsWith("https://", StringComparison.Ordinal))
                : null) ?? "https://osv.dev/vulnerability/" + id;
        }

        return new Advisory(id, aliases, String(root, "summary"), severity, vectors, url, modified, "osv", affected);
    }

    private static AffectedPackage ReadAffected(string id, string name, JsonElement entry, string origin)
    {
        var intervals = new List<VersionInterval>();
        var versions = new List<NuGetVersionValue>();
        string? lastKnown = null;
        if (entry.TryGetProperty("database_specific", out var ds) && ds.ValueKind == JsonValueKind.Object)
        {
            lastKnown = String(ds, "last_known_affected_version_range");
        }

        if (entry.TryGetProperty("ranges", out var ranges) && ranges.ValueKind == JsonValueKind.Array)
        {
            foreach (var range in ranges.EnumerateArray())
            {
                var type = String(range, "type");
                if (type is "GIT")
                {
                    continue;
                }

                if (type is not ("ECOSYSTEM" or "SEMVER"))
                {
                    throw Malformed(origin, 0, $"advisory {id} has a range of type '{type}' for {name}");
                }

                if (!range.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
                {
                    throw Malformed(origin, 0, $"advisory {id} has a range without 'events' for {name}");
                }

                intervals.AddRange(Intervals(id, name, events, lastKnown, origin));
            }
        }

        if (entry.TryGetProperty("versions", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var v in list.EnumerateArray())
            {
                versions.Add(Version(id, name, v.GetString(), origin));
            }
        }

        return new AffectedPackage(name, intervals, versions);
    }

    private static IEnumerable<VersionInterval> Intervals(string id, string name, JsonElement events, string? lastKnown, string origin)
    {
        // (version or null for "0", kind) in version order; at equal versions: introduced before fixed/last_affected.
        var parsed = new List<(NuGetVersionValue? Version, string Kind)>();
        foreach (var e in events.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(origin, 0, $"advisory {id} has an event that is not an object for {name}");
            }

            foreach (var property in e.EnumerateObject())
            {
                var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                switch (property.Name)
                {
                    case "introduced":
                        parsed.Add((text == "0" ? null : Version(id, name, text, origin), "introduced"));
                        break;
                    case "fixed":
                    case "last_affected":
                    case "limit":
                        parsed.Add((Version(id, name, text, origin), property.Name));
                        break;
                    default:
                        throw Malformed(origin, 0, $"advisory {id} has an unknown event '{property.Name}' for {name}");
                }
            }
        }

        parsed.Sort((a, b) =>
        {
            var c = NuGetVersionValue.Compare(a.Version, b.Version);
            return c != 0 ? c : (a.Kind == "introduced" ? 0 : 1).CompareTo(b.Kind == "introduced" ? 0 : 1);
        });

        var open = false;
        NuGetVersionValue? start = null;
        foreach (var (version, kind) in parsed)
        {
            switch (kind)
            {
                case "introduced":
                    if (!open)
                    {
                        open = true;
                        start = version;
                    }

                    break;
                case "fixed" when open:
                    yield return new VersionInterval(start, start is not null, version, false);
                    open = false;
                    break;
                case "last_affected" when open:
                    yield return new VersionInterval(start, start is not null, version, true);
                    open = false;
                    break;
                default:
                    // "limit" is an upper limit for git ranges; for ECOSYSTEM ranges it changes nothing here.
                    break;
            }
        }

        if (open)
        {
            yield return new VersionInterval(start, start is not null, LastKnownBound(lastKnown, out var inclusive), inclusive);
        }
    }

    private static NuGetVersionValue? LastKnownBound(string? text, out bool inclusive)
    {
        inclusive = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        if (value.StartsWith("<=", StringComparison.Ordinal))
        {
            inclusive = true;
            return NuGetVersionValue.ParseOrNull(value[2..]);
        }

        if (value.StartsWith('<'))
        {
            return NuGetVersionValue.ParseOrNull(value[1..]);
        }

        // "= 1.2.3" or anything else: open, as the events say (over-reporting is safer than under-reporting).
        return null;
    }

    private static NuGetVersionValue Version(string id, string name, string? text, string origin)
        => NuGetVersionValue.TryParse(text, out var v) ? v : throw Malformed(origin, 0, $"advisory {id} names '{text}' for {name}, which is not a NuGet version");

    private static string? String(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static SupplyChainException Malformed(string origin, int line, string reason)
        => SupplyChainException.Create(DiagnosticCatalog.VulnerabilityData_Malformed, origin, line, origin, reason);
}
