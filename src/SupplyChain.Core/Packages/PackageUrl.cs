using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text;

namespace SupplyChain.Core.Packages;

/// <summary>
/// A package URL (purl, ECMA-427 / github.com/package-url/purl-spec): <c>pkg:type/namespace/name@version?qualifiers#subpath</c>.
/// <see cref="ToString"/> builds the canonical form: lower-case type, each component percent-encoded from UTF-8 with
/// upper-case hex, except the characters that must stay as they are (<c>A-Z a-z 0-9 . - _ ~</c> and <c>:</c>),
/// qualifiers sorted by key with empty values left out.
/// </summary>
public sealed class PackageUrl
{
    /// <summary>The purl type of NuGet packages.</summary>
    public const string NuGetType = "nuget";

    private PackageUrl(string type, string? @namespace, string name, string? version, IReadOnlyList<KeyValuePair<string, string>> qualifiers, string? subpath)
    {
        Type = type;
        Namespace = @namespace;
        Name = name;
        Version = version;
        Qualifiers = qualifiers;
        Subpath = subpath;
    }

    /// <summary>The package type, lower case (<c>nuget</c>).</summary>
    public string Type { get; }

    /// <summary>The namespace segments joined by '/', decoded; null when there is none (always for NuGet).</summary>
    public string? Namespace { get; }

    /// <summary>The decoded name.</summary>
    public string Name { get; }

    /// <summary>The decoded version, or null.</summary>
    public string? Version { get; }

    /// <summary>The qualifiers, keys lower case, sorted by key, values decoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Qualifiers { get; }

    /// <summary>The decoded subpath, or null.</summary>
    public string? Subpath { get; }

    /// <summary>
    /// The purl of a NuGet package, <c>pkg:nuget/Newtonsoft.Json@13.0.3</c>. The id keeps its case (NuGet ids are
    /// shown with the case their author chose; the purl type definition keeps it); the version is taken as given
    /// (pass NuGet's normalised version), a SemVer 2 <c>+metadata</c> becoming <c>%2Bmetadata</c>.
    /// </summary>
    public static PackageUrl ForNuGet(string id, string? version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return new PackageUrl(NuGetType, null, id, string.IsNullOrEmpty(version) ? null : version, Array.Empty<KeyValuePair<string, string>>(), null);
    }

    /// <summary>The canonical purl string of a NuGet package, the same as <c>ForNuGet(id, version).ToString()</c>.</summary>
    public static string NuGet(string id, string? version) => ForNuGet(id, version).ToString();

    /// <summary>Parses a purl and says why when it is not well formed; type rules are checked for <c>nuget</c> only (no namespace).</summary>
    public static PackageUrlParseResult Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return PackageUrlParseResult.Invalid("the purl is empty");
        }

        foreach (var c in text)
        {
            if (c <= ' ' || c >= 0x7F)
            {
                return PackageUrlParseResult.Invalid("the purl has a space, a control or a non-ASCII character that is not percent-encoded");
            }
        }

        var rest = text;
        string? subpath = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            var segments = new List<string>();
            foreach (var segment in rest[(hash + 1)..].Split('/'))
            {
                if (!TryDecode(segment, out var decoded))
                {
                    return PackageUrlParseResult.Invalid("the subpath has an invalid percent-encoding");
                }

                if (decoded.Length > 0 && decoded != "." && decoded != "..")
                {
                    segments.Add(decoded);
                }
            }

            subpath = segments.Count == 0 ? null : string.Join('/', segments);
            rest = rest[..hash];
        }

        var qualifiers = new List<KeyValuePair<string, string>>();
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&'))
            {
                if (pair.Length == 0)
                {
                    continue;
                }

                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    return PackageUrlParseResult.Invalid($"the qualifier '{pair}' is not key=value");
                }

                var key = pair[..equals].ToLowerInvariant();
                if (!IsQualifierKey(key))
                {
                    return PackageUrlParseResult.Invalid($"the qualifier key '{key}' is not valid (letters, digits, '.', '-' and '_', not starting with a digit)");
                }

                if (qualifiers.Any(q => q.Key == key))
                {
                    return PackageUrlParseResult.Invalid($"the qualifier key '{key}' appears more than once");
                }

                if (!TryDecode(pair[(equals + 1)..], out var value))
                {
                    return PackageUrlParseResult.Invalid($"the value of the qualifier '{key}' has an invalid percent-encoding");
                }

                if (value.Length > 0)
                {
                    qualifiers.Add(new KeyValuePair<string, string>(key, value));
                }
            }

            rest = rest[..question];
        }

        if (!rest.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            return PackageUrlParseResult.Invalid("the purl does not start with the scheme 'pkg:'");
        }

        rest = rest["pkg:".Length..].TrimStart('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return PackageUrlParseResult.Invalid("the purl has no type followed by '/'");
        }

        var type = rest[..slash].ToLowerInvariant();
        if (!IsType(type))
        {
            return PackageUrlParseResult.Invalid($"the type '{type}' is not valid (an ASCII letter, then letters, digits, '.', '-')");
        }

        rest = rest[(slash + 1)..].TrimEnd('/');
        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            if (!TryDecode(rest[(at + 1)..], out var decodedVersion))
            {
                return PackageUrlParseResult.Invalid("the version has an invalid percent-encoding");
            }

            version = decodedVersion.Length == 0 ? null : decodedVersion;
            rest = rest[..at];
        }

        var parts = rest.Split('/');
        if (!TryDecode(parts[^1], out var name) || name.Length == 0)
        {
            return PackageUrlParseResult.Invalid("the purl has no name, or the name has an invalid percent-encoding");
        }

        string? @namespace = null;
        if (parts.Length > 1)
        {
            var segments = new List<string>();
            foreach (var segment in parts[..^1])
            {
                if (!TryDecode(segment, out var decoded))
                {
                    return PackageUrlParseResult.Invalid("the namespace has an invalid percent-encoding");
                }

                if (decoded.Length == 0 || decoded.Contains('/', StringComparison.Ordinal))
                {
                    return PackageUrlParseResult.Invalid("a namespace segment is empty or contains an encoded '/'");
                }

                segments.Add(decoded);
            }

            @namespace = string.Join('/', segments);
        }

        if (type == NuGetType && @namespace is not null)
        {
            return PackageUrlParseResult.Invalid("a nuget purl has no namespace");
        }

        qualifiers.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new PackageUrlParseResult(new PackageUrl(type, @namespace, name, version, qualifiers, subpath), null);
    }

    /// <summary>Parses a purl; false when it is not well formed.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PackageUrl? packageUrl)
    {
        packageUrl = Parse(text).PackageUrl;
        return packageUrl is not null;
    }

    /// <summary>
    /// Percent-encodes one purl component from its UTF-8 bytes: every byte except <c>A-Z a-z 0-9 . - _ ~</c> and
    /// <c>:</c> becomes <c>%XX</c> with upper-case hex (so '+' is <c>%2B</c>, '/' <c>%2F</c>, '@' <c>%40</c>, ' ' <c>%20</c>).
    /// </summary>
    public static string PercentEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' or ':')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    /// <summary>The canonical purl string.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("pkg:").Append(Type).Append('/');
        if (Namespace is not null)
        {
            builder.Append(string.Join('/', Namespace.Split('/').Select(PercentEncode))).Append('/');
        }

        builder.Append(PercentEncode(Name));
        if (Version is not null)
        {
            builder.Append('@').Append(PercentEncode(Version));
        }

        if (Qualifiers.Count > 0)
        {
            builder.Append('?').Append(string.Join('&', Qualifiers.Select(q => q.Key + "=" + PercentEncode(q.Value))));
        }

        if (Subpath is not null)
        {
            builder.Append('#').Append(string.Join('/', Subpath.Split('/').Select(PercentEncode)));
        }

        return builder.ToString();
    }

    private static bool IsType(string type)
        => type.Length > 0 && char.IsAsciiLetter(type[0]) && type.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+');

    private static bool IsQualifierKey(string key)
        => key.Length > 0 && !char.IsAsciiDigit(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static bool TryDecode(string value, [NotNullWhen(true)] out string? decoded)
    {
        decoded = null;
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            decoded = value;
            return true;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                bytes.Add((byte)value[i]);
                continue;
            }

            if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
            {
                return false;
            }

            bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
            i += 2;
        }

        try
        {
            decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The outcome of <see cref="PackageUrl.Parse"/>.</summary>
/// <param name="PackageUrl">The parsed purl, or null when the text is not well formed.</param>
/// <param name="Error">Why the text is not well formed, or null.</param>
public sealed record PackageUrlParseResult(PackageUrl? PackageUrl, string? Error)
{
    /// <summary>True when the text is a well-formed purl.</summary>
    [MemberNotNullWhen(true, nameof(PackageUrl))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => PackageUrl is not null;

    internal static PackageUrlParseResult Invalid(string error) => new(null, error);
}
