using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// Writes the attestations of one package next to it, from the package's final bytes: the subject (file name, SHA-256
/// and SHA-512 of the .nupkg), the SLSA provenance statement and, when the SBOM sidecar <c>&lt;id&gt;.&lt;version&gt;.cdx.json</c>
/// exists, the SBOM statement (predicate type <see cref="PredicateTypes.CycloneDxBom"/>, predicate = the SBOM). Each
/// statement is signed into a DSSE envelope; the envelopes go to <c>&lt;id&gt;.&lt;version&gt;.intoto.jsonl</c> (one per
/// line) and each to its own Sigstore bundle v0.3. Everything is signed before anything is written; every file is
/// written to a temporary file and renamed, and on any failure none of the sidecars is left behind.
/// </summary>
public static class AttestationWriter
{
    /// <summary>Writes the attestations of a package.</summary>
    /// <param name="request">The package, its provenance predicate and the SBOM to attest.</param>
    /// <param name="signer">Signs the envelopes.</param>
    /// <param name="sink">Receives low-importance messages.</param>
    /// <exception cref="SupplyChainException">Signing failed, the SBOM is unreadable (SCSDK3034) or a file cannot be written (SCSDK3033).</exception>
    public static AttestationWriteResult Write(AttestationWriteRequest request, ISigner signer, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(sink);
        var sidecars = AttestationSidecars.Of(request.PackagePath);
        var completed = false;
        try
        {
            var subject = CreateSubject(request.PackagePath, request.PackageUrl);
            var provenance = new InTotoStatement(new[] { subject }, PredicateTypes.SlsaProvenanceV1, request.ProvenancePredicate);
            var envelopes = new List<DsseEnvelope> { provenance.Sign(signer) };

            var sbomPath = request.SbomPath;
            var hasSbom = sbomPath is not null && File.Exists(sbomPath);
            if (hasSbom)
            {
                var sbom = new InTotoStatement(new[] { subject }, PredicateTypes.CycloneDxBom, ReadSbom(sbomPath!));
                envelopes.Add(sbom.Sign(signer));
            }
            else
            {
                sink.Trace($"No SBOM of '{Path.GetFileName(request.PackagePath)}' was written (SupplyChainSbomEnabled, or the sidecar '{Path.GetFileName(sidecars.Sbom)}' is missing): its attestations hold the provenance only.");
            }

            var lines = new MemoryStream();
            foreach (var envelope in envelopes)
            {
                lines.Write(envelope.ToJsonBytes());
                lines.WriteByte((byte)'\n');
            }

            var outputs = new List<(string Path, byte[] Content)>
            {
                (sidecars.Statements, lines.ToArray()),
                (sidecars.ProvenanceBundle, SigstoreBundle.ToJsonBytes(envelopes[0])),
            };
            if (hasSbom)
            {
                outputs.Add((sidecars.SbomBundle, SigstoreBundle.ToJsonBytes(envelopes[1])));
            }

            WriteAll(outputs);
            if (!hasSbom)
            {
                // A bundle from an earlier pack would describe another package file.
                TryDelete(sidecars.SbomBundle);
            }

            completed = true;
            var files = outputs.ConvertAll(o => o.Path);
            return new AttestationWriteResult(request.PackagePath, subject, files, hasSbom, signer.KeyId);
        }
        finally
        {
            if (!completed)
            {
                sidecars.DeleteAll();
            }
        }
    }

    /// <summary>The subject of a package's statements: its file name and the SHA-256 and SHA-512 of its bytes (one read).</summary>
    /// <exception cref="SupplyChainException">SCSDK6001 when the file cannot be read.</exception>
    public static ResourceDescriptor CreateSubject(string path) => CreateSubject(path, packageUrl: null);

    /// <summary>
    /// The subject of a package's statements: its file name, the SHA-256 and SHA-512 of its bytes and, for a
    /// <c>.nupkg</c> that is a zip, its NuGet content hash (<see cref="ResourceDescriptor.NuGetContentSha512"/>, lowercase hex), which
    /// a repository signature added later does not change; the <c>uri</c> is the package's purl when given. One read.
    /// </summary>
    /// <exception cref="SupplyChainException">SCSDK6001 when the file cannot be read; SCSDK1018 for a .nupkg that is not a well-formed zip.</exception>
    public static ResourceDescriptor CreateSubject(string path, string? packageUrl)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) || !StartsLikeAZip(path))
        {
            var (sha256, sha512) = HashFile(path);
            return new ResourceDescriptor(Path.GetFileName(path), new[]
            {
                new KeyValuePair<string, string>("sha256", sha256),
                new KeyValuePair<string, string>("sha512", sha512),
            })
            {
                Uri = packageUrl,
            };
        }

        var hashes = PackageContentHash.Compute(path);
        return new ResourceDescriptor(Path.GetFileName(path), new[]
        {
            new KeyValuePair<string, string>(ResourceDescriptor.NuGetContentSha512, Hex(hashes.ContentHash)),
            new KeyValuePair<string, string>("sha256", Hex(hashes.FileSha256!)),
            new KeyValuePair<string, string>("sha512", Hex(hashes.FileSha512)),
        })
        {
            Uri = packageUrl,
        };
    }

    private static bool StartsLikeAZip(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            Span<byte> magic = stackalloc byte[4];
            return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PK\u0003\u0004"u8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, path, 0, path, ex.Message), ex);
        }
    }

    private static string Hex(string base64) => Convert.ToHexString(Convert.FromBase64String(base64)).ToLowerInvariant();

    /// <summary>The lowercase hex SHA-256 and SHA-512 of a file, read once.</summary>
    /// <exception cref="SupplyChainException">SCSDK6001 when the file cannot be read.</exception>
    public static (string Sha256, string Sha512) HashFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                sha512.AppendData(buffer, 0, read);
            }

            return (Convert.ToHexString(sha256.GetHashAndReset()).ToLowerInvariant(), Convert.ToHexString(sha512.GetHashAndReset()).ToLowerInvariant());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, path, 0, path, ex.Message), ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JsonObject ReadSbom(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Attestation_SbomUnreadable, path, 0, path, ex.Message);
        }

        var parsed = StrictJson.Parse(bytes, maxDepth: 256);
        if (!parsed.IsSuccess)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Attestation_SbomUnreadable, path, (int)parsed.LineNumber + 1, path, "it is not valid JSON (" + AttestationJson.DescribeError(parsed) + ")");
        }

        return parsed.Node as JsonObject
            ?? throw SupplyChainException.Create(DiagnosticCatalog.Attestation_SbomUnreadable, path, 0, path, "it is not a JSON object");
    }

    // All or nothing: every file goes to a temporary file first; only when all are written are they renamed into place.
    private static void WriteAll(List<(string Path, byte[] Content)> outputs)
    {
        var temps = new List<(string Temp, string Final)>();
        var current = outputs[0].Path;
        try
        {
            foreach (var (path, content) in outputs)
            {
                current = path;
                var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
                var temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
                temps.Add((temp, path));
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            foreach (var (temp, final) in temps)
            {
                current = final;
                File.Move(temp, final, overwrite: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            foreach (var (temp, _) in temps)
            {
                TryDelete(temp);
            }

            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Attestation_WriteFailed, current, 0, current, ex.Message), ex);
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>What <see cref="AttestationWriter.Write"/> gets.</summary>
/// <param name="PackagePath">The .nupkg, as NuGet wrote it.</param>
/// <param name="ProvenancePredicate">The SLSA provenance predicate (<see cref="SlsaProvenanceBuilder.BuildPredicate"/>).</param>
public sealed record AttestationWriteRequest(string PackagePath, JsonObject ProvenancePredicate)
{
    /// <summary>
    /// The SBOM to attest (normally the sidecar <c>&lt;id&gt;.&lt;version&gt;.cdx.json</c>, <see cref="AttestationSidecars.Sbom"/>);
    /// null or a missing file for none.
    /// </summary>
    public string? SbomPath { get; init; }

    /// <summary>The package's purl (<c>pkg:nuget/Id@Version</c>), written as the subject's <c>uri</c>; null for none.</summary>
    public string? PackageUrl { get; init; }
}

/// <summary>What <see cref="AttestationWriter.Write"/> wrote.</summary>
/// <param name="PackagePath">The package.</param>
/// <param name="Subject">The subject of the statements.</param>
/// <param name="Files">The files written: the statements (<c>.intoto.jsonl</c>) first, then the bundles.</param>
/// <param name="HasSbom">True when the SBOM statement was written.</param>
/// <param name="KeyId">The key id of the signing key.</param>
public sealed record AttestationWriteResult(string PackagePath, ResourceDescriptor Subject, IReadOnlyList<string> Files, bool HasSbom, string KeyId);

/// <summary>
/// The sidecar files of one package, named after it: <c>App.1.0.0.nupkg</c> has <c>App.1.0.0.intoto.jsonl</c> and so on
/// (<c>App.1.0.0.symbols.nupkg</c> has <c>App.1.0.0.symbols.intoto.jsonl</c>); any other package file keeps its whole name,
/// so that the symbol package <c>App.1.0.0.snupkg</c> has <c>App.1.0.0.snupkg.intoto.jsonl</c> and never shares the sidecars
/// of <c>App.1.0.0.nupkg</c>.
/// </summary>
/// <param name="Statements">The DSSE envelopes, one per line (<c>.intoto.jsonl</c>).</param>
/// <param name="ProvenanceBundle">The provenance's Sigstore bundle (<c>.provenance.sigstore.json</c>).</param>
/// <param name="SbomBundle">The SBOM statement's Sigstore bundle (<c>.sbom.sigstore.json</c>).</param>
/// <param name="Sbom">The SBOM sidecar that is attested (<c>.cdx.json</c>).</param>
public sealed record AttestationSidecars(string Statements, string ProvenanceBundle, string SbomBundle, string Sbom)
{
    /// <summary>The sidecars of a package file.</summary>
    public static AttestationSidecars Of(string packagePath)
    {
        ArgumentNullException.ThrowIfNull(packagePath);
        var directory = Path.GetDirectoryName(packagePath) ?? string.Empty;
        var name = Path.GetFileName(packagePath);
        var stem = name.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) ? name[..^".nupkg".Length] : name;
        return new AttestationSidecars(
            Path.Combine(directory, stem + ".intoto.jsonl"),
            Path.Combine(directory, stem + ".provenance.sigstore.json"),
            Path.Combine(directory, stem + ".sbom.sigstore.json"),
            Path.Combine(directory, stem + ".cdx.json"));
    }

    /// <summary>Deletes the attestation files (not the SBOM), ignoring those that cannot be deleted.</summary>
    public void DeleteAll()
    {
        AttestationWriter.TryDelete(Statements);
        AttestationWriter.TryDelete(ProvenanceBundle);
        AttestationWriter.TryDelete(SbomBundle);
    }
}
