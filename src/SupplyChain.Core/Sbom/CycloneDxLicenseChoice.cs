using System;
using System.Collections.Generic;
using System.Linq;

namespace SupplyChain.Core.Sbom;

/// <summary>
/// <c>licenses</c>: EITHER one SPDX license expression (<c>[{"expression": "..."}]</c>) OR a list of licenses
/// (<c>[{"license": {...}}, ...]</c>). CycloneDX 1.6 allows nothing else; 1.7 would also allow a mix, which we never
/// write, so the same value is valid in both versions.
/// </summary>
public sealed record CycloneDxLicenseChoice
{
    private CycloneDxLicenseChoice(string? expression, IReadOnlyList<CycloneDxLicense> licenses)
    {
        Expression = expression;
        Licenses = licenses;
    }

    /// <summary>The SPDX license expression, or null when this is a list of licenses.</summary>
    public string? Expression { get; }

    /// <summary>The licenses; empty when this is an expression.</summary>
    public IReadOnlyList<CycloneDxLicense> Licenses { get; }

    /// <summary>
    /// One SPDX license expression, written as given. Pass the normalised form of a parsed
    /// <see cref="SpdxExpression"/>; <see cref="CycloneDxDocumentChecks"/> reports an expression that does not parse.
    /// </summary>
    public static CycloneDxLicenseChoice FromExpression(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        return new CycloneDxLicenseChoice(expression, Array.Empty<CycloneDxLicense>());
    }

    /// <summary>One parsed SPDX license expression, in its normalised form.</summary>
    public static CycloneDxLicenseChoice FromExpression(SpdxExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return FromExpression(expression.ToString());
    }

    /// <summary>A list of one or more licenses.</summary>
    public static CycloneDxLicenseChoice FromLicenses(params CycloneDxLicense[] licenses) => FromLicenses((IEnumerable<CycloneDxLicense>)licenses);

    /// <summary>A list of one or more licenses.</summary>
    public static CycloneDxLicenseChoice FromLicenses(IEnumerable<CycloneDxLicense> licenses)
    {
        ArgumentNullException.ThrowIfNull(licenses);
        var list = licenses.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A license list needs at least one license.", nameof(licenses));
        }

        return new CycloneDxLicenseChoice(null, list);
    }
}

/// <summary>
/// A <c>license</c>: an SPDX license identifier (<c>id</c>) OR a free-form <c>name</c>, with an optional
/// <c>url</c> and <c>text</c>.
/// </summary>
public sealed record CycloneDxLicense
{
    private CycloneDxLicense(string? id, string? name)
    {
        Id = id;
        Name = name;
    }

    /// <summary><c>id</c>: an SPDX license identifier in its canonical case, or null when this license has a name.</summary>
    public string? Id { get; }

    /// <summary><c>name</c>, or null when this license has an id.</summary>
    public string? Name { get; }

    /// <summary><c>url</c>: where the license text is.</summary>
    public string? Url { get; init; }

    /// <summary><c>text</c>: the license text itself.</summary>
    public CycloneDxAttachment? Text { get; init; }

    /// <summary>
    /// A license by SPDX identifier. An identifier of the list is stored in its canonical case (the schema only
    /// accepts that spelling); an unknown identifier is kept as given and reported by <see cref="CycloneDxDocumentChecks"/>.
    /// </summary>
    public static CycloneDxLicense ForId(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return new CycloneDxLicense(SpdxLicenseList.TryGetLicenseId(id, out var canonical) ? canonical : id, null);
    }

    /// <summary>A license by name, such as a NuGet <c>licenseUrl</c> package's "see URL" or a license file's title.</summary>
    public static CycloneDxLicense ForName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new CycloneDxLicense(null, name);
    }
}

/// <summary>An <c>attachment</c>: text, or base64 data.</summary>
/// <param name="Content"><c>content</c>.</param>
/// <param name="ContentType"><c>contentType</c>, or null for the default <c>text/plain</c>.</param>
/// <param name="IsBase64">True when <paramref name="Content"/> is base64, written as <c>"encoding": "base64"</c>.</param>
public sealed record CycloneDxAttachment(string Content, string? ContentType = null, bool IsBase64 = false);
