using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Sbom;

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
/// The small file in obj/ (<c>policy-verdicts.json</c>) that carries the policy check's verdicts to the SBOM target,
/// which runs separately: a <see cref="PackagePropertiesFile"/> whose properties are the CycloneDX component properties
/// <see cref="VerdictProperty"/>, <see cref="BuilderProperty"/>, <see cref="SourceProperty"/> and
/// <see cref="SignerProperty"/>; ordered by id and version so the bytes are deterministic.
/// </summary>
public static class PolicyVerdictsFile
{
    /// <summary><c>pass</c>, <c>warn</c> or <c>fail</c>: the policy's verdict on the package.</summary>
    public const string VerdictProperty = "supplychain:policy:verdict";

    /// <summary>The builder id of the verified provenance.</summary>
    public const string BuilderProperty = "supplychain:provenance:builder";

    /// <summary>The source repository of the verified provenance.</summary>
    public const string SourceProperty = "supplychain:provenance:source";

    /// <summary>The trusted key id(s) that signed the verified provenance (comma-separated, ordered).</summary>
    public const string SignerProperty = "supplychain:provenance:signer";

    /// <summary>Serialises the evaluations.</summary>
    public static byte[] Write(IEnumerable<PackageEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        return PackagePropertiesFile.Write(evaluations.Select(e =>
        {
            var properties = new List<CycloneDxProperty> { new(VerdictProperty, e.Verdict.ToString().ToLowerInvariant()) };
            if (e.Provenance is { } p)
            {
                Add(properties, BuilderProperty, p.BuilderId);
                Add(properties, SourceProperty, p.SourceRepository);
                Add(properties, SignerProperty, p.SignerKeyIds.Count == 0 ? null : string.Join(",", p.SignerKeyIds.OrderBy(k => k, StringComparer.Ordinal)));
            }

            return new PackageProperties(e.Package.Id, e.Package.Version, properties);
        }));
    }

    /// <summary>Reads the file.</summary>
    /// <exception cref="InvalidDataException">It is not such a file.</exception>
    public static IReadOnlyList<PolicyVerdictRecord> Read(ReadOnlySpan<byte> utf8)
        => PackagePropertiesFile.Read(utf8).Select(p =>
        {
            string? Value(string name) => p.Properties.FirstOrDefault(q => q.Name == name)?.Value;
            return new PolicyVerdictRecord(p.Id, p.Version, Value(VerdictProperty) ?? string.Empty, Value(BuilderProperty), Value(SourceProperty), Value(SignerProperty));
        }).ToList();

    private static void Add(List<CycloneDxProperty> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties.Add(new CycloneDxProperty(name, value));
        }
    }
}
