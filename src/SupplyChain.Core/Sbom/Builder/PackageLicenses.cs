using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// The <c>licenses</c> of a package from its nuspec:
/// <list type="bullet">
/// <item><c>&lt;license type="expression"&gt;</c>: the whole expression, normalised, when it is valid SPDX; otherwise
/// the text as a license name with warning SCSDK2501.</item>
/// <item><c>&lt;license type="file"&gt;</c>: a license named by the file's path in the package, with the file's text
/// (read from the .nupkg) when it is UTF-8 and at most <see cref="MaxLicenseTextBytes"/> bytes; SCSDK2504 when the
/// package lacks the file.</item>
/// <item>only <c>&lt;licenseUrl&gt;</c>: <c>https://licenses.nuget.org/&lt;expression&gt;</c> is read back as the
/// expression; NuGet's placeholder <c>https://aka.ms/deprecateLicenseUrl</c> is ignored; any other URL becomes a
/// license named by the URL, with that URL.</item>
/// </list>
/// </summary>
internal static class PackageLicenses
{
    /// <summary>License files up to this size are embedded as text.</summary>
    public const int MaxLicenseTextBytes = 64 * 1024;

    /// <summary>The <c>licenseUrl</c> that <c>dotnet pack</c> writes beside a license expression or file.</summary>
    public const string DeprecatedLicenseUrl = "https://aka.ms/deprecateLicenseUrl";

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The licenses, or null when the nuspec declares none.</summary>
    public static CycloneDxLicenseChoice? Resolve(NuspecMetadata nuspec, PackageLocation location, string id, string version, IDiagnosticSink sink)
    {
        if (nuspec.License is { } license)
        {
            if (string.Equals(license.Type, "file", StringComparison.OrdinalIgnoreCase))
            {
                return FromFile(license.Value, location, id, version, sink);
            }

            var parsed = SpdxExpression.Parse(license.Value);
            if (parsed.IsValid)
            {
                return CycloneDxLicenseChoice.FromExpression(parsed.Expression);
            }

            if (string.Equals(license.Type, "expression", StringComparison.OrdinalIgnoreCase))
            {
                sink.Report(Diagnostic.Create(DiagnosticCatalog.Sbom_PackageLicenseExpressionInvalid, location.NupkgPath, 0, id, version, license.Value, parsed.Error));
            }

            return CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForName(license.Value));
        }

        return FromLicenseUrl(nuspec.LicenseUrl);
    }

    /// <summary>The licenses of a <c>licenseUrl</c> alone, or null.</summary>
    internal static CycloneDxLicenseChoice? FromLicenseUrl(string? licenseUrl)
    {
        if (string.IsNullOrWhiteSpace(licenseUrl) || string.Equals(licenseUrl.Trim(), DeprecatedLicenseUrl, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (Uri.TryCreate(licenseUrl.Trim(), UriKind.Absolute, out var uri)
            && string.Equals(uri.Host, "licenses.nuget.org", StringComparison.OrdinalIgnoreCase)
            && SpdxExpression.Parse(Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'))) is { IsValid: true } parsed)
        {
            return CycloneDxLicenseChoice.FromExpression(parsed.Expression);
        }

        return SbomUrls.TryNormalize(licenseUrl, out var url)
            ? CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForName(url) with { Url = url })
            : CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForName(licenseUrl.Trim()));
    }

    private static CycloneDxLicenseChoice FromFile(string path, PackageLocation location, string id, string version, IDiagnosticSink sink)
    {
        var name = CycloneDxLicense.ForName(path);
        if (!PackageFileLocator.IsSafeRelativePath(path))
        {
            Report("is not a path inside the package");
            return CycloneDxLicenseChoice.FromLicenses(name);
        }

        byte[]? bytes;
        bool tooLarge;
        try
        {
            bytes = PackageFileLocator.ReadPackageFile(location, path, MaxLicenseTextBytes, out tooLarge);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Report("cannot be read from the package (" + ex.Message.TrimEnd('.') + ")");
            return CycloneDxLicenseChoice.FromLicenses(name);
        }

        if (tooLarge)
        {
            sink.Trace($"The license file '{path}' of package '{id}' {version} is larger than {MaxLicenseTextBytes} bytes; the SBOM records its name only.");
            return CycloneDxLicenseChoice.FromLicenses(name);
        }

        if (bytes is null)
        {
            Report("is not in the package");
            return CycloneDxLicenseChoice.FromLicenses(name);
        }

        string text;
        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith(Encoding.UTF8.Preamble))
            {
                span = span[Encoding.UTF8.Preamble.Length..];
            }

            text = s_strictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            Report("is not UTF-8 text");
            return CycloneDxLicenseChoice.FromLicenses(name);
        }

        var contentType = path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "text/markdown" : "text/plain";
        return CycloneDxLicenseChoice.FromLicenses(name with { Text = new CycloneDxAttachment(text, contentType) });

        void Report(string reason)
            => sink.Report(Diagnostic.Create(DiagnosticCatalog.Sbom_PackageLicenseFileUnavailable, location.NupkgPath, 0, id, version, path, reason));
    }
}
