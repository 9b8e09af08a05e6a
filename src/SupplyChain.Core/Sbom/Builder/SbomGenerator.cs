using System;
using System.Collections.Generic;
using System.IO;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>What <see cref="SbomGenerator.Generate"/> makes and where it goes.</summary>
public sealed record SbomGenerationRequest
{
    /// <summary>
    /// Describes the SBOM to build. It runs inside the write-or-delete guard, so that a setting that fails to read
    /// (an SCSDK6000 thrown while describing) also removes a stale SBOM.
    /// </summary>
    public required Func<SbomRequest> Sbom { get; init; }

    /// <summary>Runtime packs the output carries (a self-contained publish); empty for none.</summary>
    public IReadOnlyList<SbomRuntimePack> RuntimePacks { get; init; } = Array.Empty<SbomRuntimePack>();

    /// <summary>The file to write.</summary>
    public required string OutputPath { get; init; }
}

/// <summary>
/// Makes an SBOM file: <see cref="SbomBuilder.Build"/>, then the runtime packs (<see cref="SbomRuntimePacks.Add"/>),
/// then an atomic write. When anything fails (an error diagnostic or an exception) nothing is written and an SBOM an
/// earlier build left at the output path is deleted: a stale SBOM would describe other bytes.
/// </summary>
public static class SbomGenerator
{
    /// <summary>Builds and writes the SBOM, or deletes a stale one.</summary>
    /// <returns>The result; <see cref="SbomResult.Succeeded"/> tells whether the file was written.</returns>
    public static SbomResult Generate(SbomGenerationRequest request, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        var written = false;
        try
        {
            var result = SbomBuilder.Build(request.Sbom(), sink);
            if (result.Succeeded && request.RuntimePacks.Count > 0)
            {
                result = SbomRuntimePacks.Add(result, request.RuntimePacks, sink);
            }

            if (result.Succeeded)
            {
                AtomicFile.WriteAllBytes(request.OutputPath, result.Bytes);
                written = true;
            }

            return result;
        }
        finally
        {
            if (!written)
            {
                DeleteStale(request.OutputPath, sink);
            }
        }
    }

    /// <summary>
    /// Reads a CycloneDX version setting (<c>SupplyChainSbomSpecVersion</c>, <c>--spec-version</c>): null when none is
    /// given, SCSDK6000 naming the setting when it is not a supported version.
    /// </summary>
    public static CycloneDxSpecVersion? ParseSpecVersion(string setting, string? text, string? file)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return CycloneDxSpecVersions.TryParse(text, out var version)
            ? version
            : throw SupplyChainException.Create(DiagnosticCatalog.Configuration_InvalidValue, file, 0, setting, text.Trim(), CycloneDxSpecVersions.Supported);
    }

    private static void DeleteStale(string path, IDiagnosticSink sink)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(path) && File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            sink.Trace($"The earlier SBOM '{path}' could not be deleted: {ex.Message}");
        }
    }
}
