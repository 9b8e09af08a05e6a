using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>
/// The identity a keyless signature must have: the certificate's subject alternative name (URI or e-mail) equal to
/// <see cref="Subject"/> or fully matching <see cref="SubjectPattern"/> (anchored), and its Fulcio issuer extension
/// equal to <see cref="Issuer"/>.
/// </summary>
public sealed class SigstoreIdentity
{
    private SigstoreIdentity(string? subject, Regex? pattern, string issuer)
    {
        Subject = subject;
        SubjectPattern = pattern;
        Issuer = issuer;
    }

    /// <summary>The exact identity, or null when a pattern is used.</summary>
    public string? Subject { get; }

    /// <summary>The anchored pattern, or null when an exact identity is used.</summary>
    public Regex? SubjectPattern { get; }

    /// <summary>The exact OIDC issuer.</summary>
    public string Issuer { get; }

    /// <summary>An exact identity.</summary>
    public static SigstoreIdentity Exact(string subject, string issuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        return new SigstoreIdentity(subject, null, issuer);
    }

    /// <summary>An identity pattern; it must match the whole name (it is anchored with <c>\A(?:…)\z</c>).</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static SigstoreIdentity Pattern(string pattern, string issuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        var regex = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
        return new SigstoreIdentity(null, regex, issuer);
    }

    /// <summary>True when <paramref name="name"/> is the identity.</summary>
    public bool Matches(string name) => Subject is not null
        ? string.Equals(Subject, name, StringComparison.Ordinal)
        : SubjectPattern!.IsMatch(name);

    /// <inheritdoc />
    public override string ToString() => Subject is not null ? $"'{Subject}'" : $"matching '{SubjectPattern}'";
}

/// <summary>The artifact a bundle must be about: its SHA-256 digest, and its file when there is one.</summary>
public sealed class SigstoreArtifact
{
    private SigstoreArtifact(string name, byte[] sha256, string? path)
    {
        Name = name;
        Sha256 = sha256;
        Path = path;
    }

    /// <summary>The name used in messages.</summary>
    public string Name { get; }

    /// <summary>The SHA-256 digest.</summary>
    public byte[] Sha256 { get; }

    /// <summary>The file, or null when only the digest is known.</summary>
    public string? Path { get; }

    /// <summary>The lower-case hex digest.</summary>
    public string Sha256Hex => Convert.ToHexString(Sha256).ToLowerInvariant();

    /// <summary>An artifact file (hashed now).</summary>
    public static SigstoreArtifact FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return new SigstoreArtifact(System.IO.Path.GetFileName(path), SHA256.HashData(stream), path);
    }

    /// <summary>An artifact known only by its digest.</summary>
    public static SigstoreArtifact FromSha256(ReadOnlySpan<byte> sha256, string? name = null)
    {
        if (sha256.Length != 32)
        {
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(sha256));
        }

        var copy = sha256.ToArray();
        return new SigstoreArtifact(name ?? "sha256:" + Convert.ToHexString(copy).ToLowerInvariant(), copy, null);
    }

    /// <summary>Parses <c>sha256:&lt;64 hex&gt;</c>; false for anything else.</summary>
    public static bool TryParseDigest(string text, out SigstoreArtifact? artifact)
    {
        artifact = null;
        if (text is null || !text.StartsWith("sha256:", StringComparison.Ordinal) || text.Length != 7 + 64)
        {
            return false;
        }

        var hex = text[7..];
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        artifact = FromSha256(Convert.FromHexString(hex), text.ToLowerInvariant());
        return true;
    }

    internal string ToDigestText() => "sha256 " + Sha256Hex.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What to verify a bundle against.</summary>
public sealed class SigstoreVerificationOptions
{
    /// <summary>The trusted root; required for keyless bundles and to verify log entries and timestamps.</summary>
    public TrustedRoot? TrustedRoot { get; init; }

    /// <summary>The expected identity of a keyless signer; required for keyless bundles.</summary>
    public SigstoreIdentity? Identity { get; init; }

    /// <summary>The public keys that may sign key-based bundles.</summary>
    public IReadOnlyList<PublicKey> TrustedKeys { get; init; } = Array.Empty<PublicKey>();

    /// <summary>The predicate types accepted in a DSSE bundle; any when null.</summary>
    public IReadOnlyList<string>? PredicateTypes { get; init; }
}

/// <summary>What a verification established.</summary>
/// <param name="IsValid">True when every step passed.</param>
/// <param name="SignerIdentity">The certificate's subject alternative name (keyless), or null.</param>
/// <param name="SignerIssuer">The certificate's OIDC issuer (keyless), or null.</param>
/// <param name="KeyId">The trusted key's id (key-based), or null.</param>
/// <param name="SigningTime">The earliest verified signing time, or null (key-based without log).</param>
/// <param name="SigningTimeSource">Where the signing time comes from: <c>rekor:&lt;index&gt;</c> or <c>rfc3161</c>.</param>
/// <param name="LogIndex">The index of the verified log entry, or null.</param>
/// <param name="Statement">The verified in-toto statement of a DSSE bundle, or null.</param>
public sealed record SigstoreVerificationResult(
    bool IsValid,
    string? SignerIdentity,
    string? SignerIssuer,
    string? KeyId,
    DateTimeOffset? SigningTime,
    string? SigningTimeSource,
    long? LogIndex,
    InTotoStatement? Statement)
{
    internal static SigstoreVerificationResult Failed { get; } = new(false, null, null, null, null, null, null, null);

    /// <summary>How the artifact matched the statement's subject: its file digest, or its NuGet content hash after one repository signature.</summary>
    public AttestationSubjectMatch Match { get; init; } = AttestationSubjectMatch.FileDigest;
}
