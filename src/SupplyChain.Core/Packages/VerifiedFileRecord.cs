using SupplyChain.Core.IO;
namespace SupplyChain.Core.Packages;

/// <summary>One verified file: its identity when it was verified and what was found.</summary>
/// <param name="Identity">The identity of the file when it was verified.</param>
/// <param name="Kind">What was verified.</param>
/// <param name="Value">For a package archive its content hash; for an extracted file the content hash of the package it matched.</param>
/// <param name="Detail">For a package archive the SHA-512 of the file; for an extracted file the entry name it matched.</param>
/// <param name="Racy">True when the file changed too shortly before it was verified for its identity to prove anything: the record is never reused, and <see cref="VerifiedFileCache.FindChanged()"/> lists it until it is verified again.</param>
public sealed record VerifiedFileRecord(FileIdentity Identity, VerifiedFileKind Kind, string Value, string Detail, bool Racy = false);
