using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SupplyChain.Core.Policy;

/// <summary>One package's verdict and verified provenance, as the SBOM records it.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The version.</param>
/// <param name="Verdict"><c>pass</c>, <c>warn</c> or <c>fail</c>.</param>
/// <param name="Builder">The verified builder id, or null.</param>
/// <param name="Source">The verified source repository, or null.</param>
/// <param name="Signer">The trusted key id(s) that signed the verified provenance, or null.</param>
public sealed record PolicyVerdictRecord(string Id, string Version, string Verdict, string? Builder, string? Source, string? Signer);

/// <summary>
/// The small file in obj/ (<c>policy-verdicts.json</c>) that carries the policy check's verdicts to the SBOM
/// target, which runs separately: <c>{"version":1,"packages":[{"id","version","verdict","builder","source","signer"}]}</c>,
/// ordered by id and version so the bytes are deterministic.
/// </summary>
public static class PolicyVerdictsFile
{
    /// <summary>Serialises the evaluations.</summary>
    public static byte[] Write(IEnumerable<PackageEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteStartArray("packages");
            foreach (var e in evaluations.OrderBy(e => e.Package.Id, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Package.Version, StringComparer.OrdinalIgnoreCase))
            {
                writer.WriteStartObject();
                writer.WriteString("id", e.Package.Id);
                writer.WriteString("version", e.Package.Version);
                writer.WriteString("verdict", e.Verdict.ToString().ToLowerInvariant());
                if (e.Provenance is { } p)
                {
                    WriteIfSet(writer, "builder", p.BuilderId);
                    WriteIfSet(writer, "source", p.SourceRepository);
                    WriteIfSet(writer, "signer", p.SignerKeyIds.Count == 0 ? null : string.Join(",", p.SignerKeyIds.OrderBy(k => k, StringComparer.Ordinal)));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads the file; an unreadable file is a <see cref="JsonException"/> or <see cref="InvalidDataException"/>.</summary>
    public static IReadOnlyList<PolicyVerdictRecord> Read(ReadOnlySpan<byte> utf8)
    {
        var node = Json.StrictJson.ParseOrThrow(utf8);
        if (node?["version"]?.GetValue<int>() != 1 || node["packages"] is not System.Text.Json.Nodes.JsonArray packages)
        {
            throw new InvalidDataException("not a policy verdicts file of version 1");
        }

        return packages.Select(p => new PolicyVerdictRecord(
            p!["id"]!.GetValue<string>(),
            p["version"]!.GetValue<string>(),
            p["verdict"]!.GetValue<string>(),
            p["builder"]?.GetValue<string>(),
            p["source"]?.GetValue<string>(),
            p["signer"]?.GetValue<string>())).ToList();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
