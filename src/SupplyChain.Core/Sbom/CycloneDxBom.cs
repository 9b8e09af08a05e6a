using System;
using System.Collections.Generic;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom;

/// <summary>
/// A CycloneDX bill of materials: the subset of the CycloneDX 1.6/1.7 JSON model that SupplyChain.Sdk writes.
/// Every type of the model lives in <c>SupplyChain.Core.Sbom</c> and nothing else depends on its shape, so the
/// official CycloneDX library can replace it in one place. The model holds data only; <see cref="CycloneDxWriter"/>
/// orders and writes it, <see cref="CycloneDxDocumentChecks"/> checks it. The order of every list is irrelevant:
/// the writer sorts.
/// </summary>
public sealed record CycloneDxBom
{
    /// <summary>The constant <c>bomFormat</c>.</summary>
    public const string BomFormat = "CycloneDX";

    /// <summary>The <c>specVersion</c> to write; 1.6 unless said otherwise.</summary>
    public CycloneDxSpecVersion SpecVersion { get; init; } = CycloneDxSpecVersions.Default;

    /// <summary>The <c>version</c> of the BOM, 1 or more.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The <c>metadata</c>, or null.</summary>
    public CycloneDxMetadata? Metadata { get; init; }

    /// <summary>The <c>components</c>: everything the subject contains or depends on. Always written, empty or not.</summary>
    public IReadOnlyList<Component> Components { get; init; } = Array.Empty<Component>();

    /// <summary>The <c>dependencies</c> graph. Always written, empty or not.</summary>
    public IReadOnlyList<Dependency> Dependencies { get; init; } = Array.Empty<Dependency>();

    /// <summary>The <c>externalReferences</c> of the BOM itself.</summary>
    public IReadOnlyList<CycloneDxExternalReference> ExternalReferences { get; init; } = Array.Empty<CycloneDxExternalReference>();

    /// <summary>The <c>properties</c> of the BOM itself.</summary>
    public IReadOnlyList<CycloneDxProperty> Properties { get; init; } = Array.Empty<CycloneDxProperty>();

    /// <summary>The CycloneDX <c>vulnerabilities</c> array as JSON (written by the vulnerability check), or null for none.</summary>
    public string? VulnerabilitiesJson { get; init; }
}

/// <summary>The <c>metadata</c> of a BOM.</summary>
public sealed record CycloneDxMetadata
{
    /// <summary>
    /// <c>timestamp</c>, written as <c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC (fractions of a second dropped). Leave it null
    /// unless the caller has a reproducible time (SOURCE_DATE_EPOCH or an explicit property): no time is written then.
    /// </summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary><c>lifecycles</c>: the phases in which the data was captured.</summary>
    public IReadOnlyList<CycloneDxLifecyclePhase> Lifecycles { get; init; } = Array.Empty<CycloneDxLifecyclePhase>();

    /// <summary><c>tools.components</c>: the tools that made the BOM (SupplyChain.Sdk itself).</summary>
    public IReadOnlyList<Component> Tools { get; init; } = Array.Empty<Component>();

    /// <summary><c>authors</c> of the BOM.</summary>
    public IReadOnlyList<OrganizationalContact> Authors { get; init; } = Array.Empty<OrganizationalContact>();

    /// <summary><c>component</c>: the subject of the BOM (the project or package).</summary>
    public Component? Component { get; init; }

    /// <summary><c>supplier</c> of the subject.</summary>
    public OrganizationalEntity? Supplier { get; init; }

    /// <summary><c>properties</c> of the metadata.</summary>
    public IReadOnlyList<CycloneDxProperty> Properties { get; init; } = Array.Empty<CycloneDxProperty>();
}

/// <summary>A <c>component</c>: a package, a project, or a tool.</summary>
public sealed record Component
{
    /// <summary><c>type</c>; <see cref="ComponentType.Library"/> for a NuGet package.</summary>
    public required ComponentType Type { get; init; }

    /// <summary><c>name</c>; the package id for a NuGet package.</summary>
    public required string Name { get; init; }

    /// <summary><c>bom-ref</c>: unique in the document (see <see cref="BomReferences"/>). Needed for the component to appear in <c>dependencies</c>.</summary>
    public string? BomRef { get; init; }

    /// <summary><c>supplier</c>.</summary>
    public OrganizationalEntity? Supplier { get; init; }

    /// <summary><c>authors</c>; for a NuGet package, each name of the nuspec's comma-separated <c>authors</c>.</summary>
    public IReadOnlyList<OrganizationalContact> Authors { get; init; } = Array.Empty<OrganizationalContact>();

    /// <summary><c>publisher</c>.</summary>
    public string? Publisher { get; init; }

    /// <summary><c>group</c>. Not used for NuGet packages, whose ids have no namespace.</summary>
    public string? Group { get; init; }

    /// <summary><c>version</c>.</summary>
    public string? Version { get; init; }

    /// <summary><c>description</c>.</summary>
    public string? Description { get; init; }

    /// <summary><c>scope</c>; not written when null (consumers then assume required).</summary>
    public ComponentScope? Scope { get; init; }

    /// <summary><c>hashes</c>, written in the order of <see cref="CycloneDxHashAlgorithm"/>.</summary>
    public IReadOnlyList<CycloneDxHash> Hashes { get; init; } = Array.Empty<CycloneDxHash>();

    /// <summary><c>licenses</c>: one SPDX expression, or a list of licenses by id or name.</summary>
    public CycloneDxLicenseChoice? Licenses { get; init; }

    /// <summary><c>copyright</c>.</summary>
    public string? Copyright { get; init; }

    /// <summary><c>purl</c> (see <see cref="PackageUrl"/>).</summary>
    public string? Purl { get; init; }

    /// <summary><c>externalReferences</c>.</summary>
    public IReadOnlyList<CycloneDxExternalReference> ExternalReferences { get; init; } = Array.Empty<CycloneDxExternalReference>();

    /// <summary><c>components</c>: sub-components contained in this one (not dependencies).</summary>
    public IReadOnlyList<Component> Components { get; init; } = Array.Empty<Component>();

    /// <summary><c>properties</c>.</summary>
    public IReadOnlyList<CycloneDxProperty> Properties { get; init; } = Array.Empty<CycloneDxProperty>();
}

/// <summary>A <c>dependencies</c> entry: the direct dependencies of one component.</summary>
/// <param name="Ref"><c>ref</c>: the bom-ref of the component.</param>
/// <param name="DependsOn"><c>dependsOn</c>: the bom-refs of its direct dependencies; written sorted and without duplicates, and written empty when there are none (the spec says a component without dependencies is declared with an empty list).</param>
public sealed record Dependency(string Ref, IReadOnlyList<string> DependsOn)
{
    /// <summary>A component with no dependencies.</summary>
    public Dependency(string reference)
        : this(reference, Array.Empty<string>())
    {
    }
}

/// <summary>A <c>hash</c>: algorithm and lower-case hex digest.</summary>
/// <param name="Algorithm"><c>alg</c>.</param>
/// <param name="Content"><c>content</c>: the digest in hex.</param>
public sealed record CycloneDxHash(CycloneDxHashAlgorithm Algorithm, string Content)
{
    /// <summary>A hash from the digest bytes.</summary>
    public static CycloneDxHash FromBytes(CycloneDxHashAlgorithm algorithm, ReadOnlySpan<byte> digest)
        => new(algorithm, Convert.ToHexString(digest).ToLowerInvariant());

    /// <summary>A hash from a base64 digest, such as a NuGet <c>contentHash</c> (base64 SHA-512).</summary>
    /// <exception cref="FormatException">The text is not base64.</exception>
    public static CycloneDxHash FromBase64(CycloneDxHashAlgorithm algorithm, string base64Digest)
        => FromBytes(algorithm, Convert.FromBase64String(base64Digest));
}

/// <summary>An <c>externalReference</c>.</summary>
/// <param name="Type"><c>type</c>.</param>
/// <param name="Url"><c>url</c>: a URL or URN.</param>
/// <param name="Comment"><c>comment</c>, or null.</param>
public sealed record CycloneDxExternalReference(ExternalReferenceType Type, string Url, string? Comment = null)
{
    /// <summary><c>properties</c> of the reference: CycloneDX 1.7 only, left out of a 1.6 document.</summary>
    public IReadOnlyList<CycloneDxProperty> Properties { get; init; } = Array.Empty<CycloneDxProperty>();
}

/// <summary>A <c>property</c>: a name-value pair. Names may repeat.</summary>
/// <param name="Name"><c>name</c>; by convention namespaced, such as <c>supplychain:targetFramework</c>.</param>
/// <param name="Value"><c>value</c>, or null.</param>
public sealed record CycloneDxProperty(string Name, string? Value);

/// <summary>An <c>organizationalEntity</c>: a supplier.</summary>
/// <param name="Name"><c>name</c>.</param>
public sealed record OrganizationalEntity(string Name)
{
    /// <summary><c>url</c>: the entity's URLs.</summary>
    public IReadOnlyList<string> Urls { get; init; } = Array.Empty<string>();
}

/// <summary>An <c>organizationalContact</c>: an author.</summary>
/// <param name="Name"><c>name</c>.</param>
/// <param name="Email"><c>email</c>, or null.</param>
public sealed record OrganizationalContact(string Name, string? Email = null);
