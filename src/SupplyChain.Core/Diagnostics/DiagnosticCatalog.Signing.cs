namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK3000: a key file that does not exist.</summary>
    public static readonly DiagnosticDescriptor Key_FileNotFound = Error(
        "SCSDK3000",
        nameof(Key_FileNotFound),
        "The key file '{0}' does not exist. A relative key path is resolved against the project folder in a build (the folder of the .csproj, not the current folder) and against the current folder for the 'supplychain' command; check the path, or give 'env:NAME' to read the PEM text from an environment variable.");

    /// <summary>SCSDK3001: an <c>env:NAME</c> key source whose variable is not set.</summary>
    public static readonly DiagnosticDescriptor Key_EnvironmentVariableNotSet = Error(
        "SCSDK3001",
        nameof(Key_EnvironmentVariableNotSet),
        "The environment variable '{0}' named by the key source 'env:{0}' is not set or is empty. Set it to the PEM text of the key, or give the path of a key file instead.");

    /// <summary>SCSDK3002: text that is not a readable PEM key.</summary>
    public static readonly DiagnosticDescriptor Key_MalformedPem = Error(
        "SCSDK3002",
        nameof(Key_MalformedPem),
        "The key '{0}' cannot be read: {1}. Give a PKCS#8 private key ('BEGIN PRIVATE KEY' or 'BEGIN ENCRYPTED PRIVATE KEY') or a SubjectPublicKeyInfo public key ('BEGIN PUBLIC KEY'); 'supplychain keygen' writes both.");

    /// <summary>SCSDK3003: a key of a type or curve we do not sign or verify with.</summary>
    public static readonly DiagnosticDescriptor Key_UnsupportedType = Error(
        "SCSDK3003",
        nameof(Key_UnsupportedType),
        "The key '{0}' is of type '{1}', which SupplyChain.Sdk does not support. Use an ECDSA P-256 or P-384, an RSA (2048 bits or more) or an Ed25519 key; 'supplychain keygen --type ecdsa-p256' makes one.");

    /// <summary>SCSDK3004: a public key given where a private key is needed.</summary>
    public static readonly DiagnosticDescriptor Key_PublicKeyGivenForSigning = Error(
        "SCSDK3004",
        nameof(Key_PublicKeyGivenForSigning),
        "The key '{0}' is a public key, but signing needs the private key. Give the PKCS#8 private key ('BEGIN PRIVATE KEY'), not its '.pub' file.");

    /// <summary>SCSDK3005: an encrypted private key that the given password does not open.</summary>
    public static readonly DiagnosticDescriptor Key_WrongPassword = Error(
        "SCSDK3005",
        nameof(Key_WrongPassword),
        "The encrypted private key '{0}' cannot be decrypted with the password from '{1}': the password is wrong or the key is damaged. Check that the variable holds the password the key was encrypted with.");

    /// <summary>SCSDK3006: an encrypted private key and no password.</summary>
    public static readonly DiagnosticDescriptor Key_PasswordRequired = Error(
        "SCSDK3006",
        nameof(Key_PasswordRequired),
        "The private key '{0}' is encrypted, but no password was given. Set SupplyChainSigningKeyPassword (or --password) to 'env:NAME' of an environment variable that holds the password.");

    /// <summary>SCSDK3007: a password source that is not <c>env:NAME</c>.</summary>
    public static readonly DiagnosticDescriptor Key_PasswordSourceInvalid = Error(
        "SCSDK3007",
        nameof(Key_PasswordSourceInvalid),
        "The password source is not of the form 'env:NAME'. Passwords are read only from environment variables so that they never appear in build logs or project files; put the password in a variable and give 'env:NAME'. If you gave the password itself, it is now in the build logs (and in the repository, for a project file): treat it as exposed and re-encrypt the key with a new password.");

    /// <summary>SCSDK3008: the password variable is not set.</summary>
    public static readonly DiagnosticDescriptor Key_PasswordVariableNotSet = Error(
        "SCSDK3008",
        nameof(Key_PasswordVariableNotSet),
        "The environment variable '{0}' that should hold the password of the key '{1}' is not set or is empty. Set it in the environment of the build, or remove the password setting if the key is not encrypted.");

    /// <summary>SCSDK3009: a key file that exists but cannot be read.</summary>
    public static readonly DiagnosticDescriptor Key_FileUnreadable = Error(
        "SCSDK3009",
        nameof(Key_FileUnreadable),
        "The key file '{0}' cannot be read: {1}. Check that the build may read it.");

    /// <summary>SCSDK3010: an encrypted private key whose encryption scheme we cannot decrypt.</summary>
    public static readonly DiagnosticDescriptor Key_UnsupportedEncryption = Error(
        "SCSDK3010",
        nameof(Key_UnsupportedEncryption),
        "The encrypted private key '{0}' uses the encryption '{1}', which SupplyChain.Sdk cannot decrypt. Re-encrypt it with PBES2 (PBKDF2 and AES-256-CBC), for example 'openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in OLD -out NEW'.");

    /// <summary>SCSDK3011: an RSA key below 2048 bits.</summary>
    public static readonly DiagnosticDescriptor Key_RsaKeyTooSmall = Error(
        "SCSDK3011",
        nameof(Key_RsaKeyTooSmall),
        "The RSA key '{0}' has {1} bits, fewer than the 2048 that SupplyChain.Sdk requires, so its signatures can be forged. Make a new key with 'supplychain keygen'.");

    /// <summary>SCSDK3012: a private key given where only a public key belongs.</summary>
    public static readonly DiagnosticDescriptor Key_PrivateKeyGivenForVerification = Error(
        "SCSDK3012",
        nameof(Key_PrivateKeyGivenForVerification),
        "The key '{0}' is a private key, but a public key is expected here. Give the '.pub' file (SubjectPublicKeyInfo, 'BEGIN PUBLIC KEY'), and keep the private key out of places meant for public keys.");

    /// <summary>SCSDK3013: a PEM block that is a key, but not in PKCS#8 or SubjectPublicKeyInfo form.</summary>
    public static readonly DiagnosticDescriptor Key_UnsupportedPemFormat = Error(
        "SCSDK3013",
        nameof(Key_UnsupportedPemFormat),
        "The key '{0}' is a '{1}' PEM block, which SupplyChain.Sdk does not read. Convert a private key to PKCS#8 with 'openssl pkcs8 -topk8 -in OLD -out NEW' (add -nocrypt for no password), and a public key with 'openssl pkey -pubin -in OLD -out NEW.pub'.");

    /// <summary>SCSDK3014: a key file that would overwrite an existing file.</summary>
    public static readonly DiagnosticDescriptor Key_OutputExists = Error(
        "SCSDK3014",
        nameof(Key_OutputExists),
        "The file '{0}' already exists, and a key is never written over an existing file. Choose another path, or delete the file first if it is not needed.");

    /// <summary>SCSDK3015: a key file that cannot be written.</summary>
    public static readonly DiagnosticDescriptor Key_WriteFailed = Error(
        "SCSDK3015",
        nameof(Key_WriteFailed),
        "The key file '{0}' cannot be written: {1}. Check that the folder exists and may be written.");

    /// <summary>SCSDK3020: a DSSE envelope that is not of the DSSE JSON shape.</summary>
    public static readonly DiagnosticDescriptor Dsse_EnvelopeMalformed = Error(
        "SCSDK3020",
        nameof(Dsse_EnvelopeMalformed),
        "The DSSE envelope in '{0}' cannot be read: {1}. An envelope is one JSON object with 'payload' (base64), 'payloadType' and 'signatures', a list of objects with 'sig' (base64) and an optional 'keyid'; produce it again.");

    /// <summary>SCSDK3021: a DSSE envelope without enough valid signatures by trusted keys.</summary>
    public static readonly DiagnosticDescriptor Dsse_SignatureNotTrusted = Error(
        "SCSDK3021",
        nameof(Dsse_SignatureNotTrusted),
        "The DSSE envelope in '{0}' has {1} valid signature(s) by trusted keys, but {2} are required: {3}. The envelope was changed after signing or was signed by another key; check the public key given for verification.");

    /// <summary>SCSDK3022: a DSSE envelope with another payload type than expected.</summary>
    public static readonly DiagnosticDescriptor Dsse_UnexpectedPayloadType = Error(
        "SCSDK3022",
        nameof(Dsse_UnexpectedPayloadType),
        "The DSSE envelope in '{0}' has payload type '{1}', but '{2}' is expected. Check that the file holds the attestation you meant to verify.");

    /// <summary>SCSDK3023: an in-toto statement that is not of the Statement v1 shape.</summary>
    public static readonly DiagnosticDescriptor Statement_Malformed = Error(
        "SCSDK3023",
        nameof(Statement_Malformed),
        "The in-toto statement in '{0}' is not valid: {1}. A Statement v1 has '_type', a non-empty 'subject' whose entries each have a 'digest', 'predicateType' and an object 'predicate'.");

    /// <summary>SCSDK3024: an in-toto statement of another <c>_type</c>.</summary>
    public static readonly DiagnosticDescriptor Statement_UnsupportedType = Error(
        "SCSDK3024",
        nameof(Statement_UnsupportedType),
        "The in-toto statement in '{0}' has '_type' '{1}', but only '{2}' is supported. Produce the attestation with a tool that writes in-toto Statement v1.");

    /// <summary>SCSDK3025: attestations turned on explicitly, and nothing to sign with.</summary>
    public static readonly DiagnosticDescriptor Attestation_NoSigningKey = Error(
        "SCSDK3025",
        nameof(Attestation_NoSigningKey),
        "Attestations are turned on for '{0}' (SupplyChainAttestationsEnabled=true), but neither SupplyChainSigningKey nor SupplyChainSigningCommand is set. Set SupplyChainSigningKey to a private key file or 'env:NAME' ('supplychain keygen' makes one), or set SupplyChainAttestationsEnabled to false.");

    /// <summary>SCSDK3026: a key file and an external signer both given.</summary>
    public static readonly DiagnosticDescriptor Signing_KeyAndCommandBothSet = Error(
        "SCSDK3026",
        nameof(Signing_KeyAndCommandBothSet),
        "Both SupplyChainSigningKey and SupplyChainSigningCommand are set for '{0}', so it is not clear which key signs. Keep one: the key file, or the external signer with its SupplyChainSigningPublicKey.");

    /// <summary>SCSDK3027: an external signer without the public key that identifies it.</summary>
    public static readonly DiagnosticDescriptor Signing_CommandWithoutPublicKey = Error(
        "SCSDK3027",
        nameof(Signing_CommandWithoutPublicKey),
        "SupplyChainSigningCommand is set for '{0}', but SupplyChainSigningPublicKey is not. Set it to the public key (PEM file or 'env:NAME') of the key the command signs with; every signature is checked against it before it is used.");

    /// <summary>SCSDK3028: a signing command that cannot be split into a program and arguments.</summary>
    public static readonly DiagnosticDescriptor Signing_CommandInvalid = Error(
        "SCSDK3028",
        nameof(Signing_CommandInvalid),
        "SupplyChainSigningCommand cannot be used: {0}. Give the program first and then its arguments, separated by spaces; put an argument that contains spaces in double or single quotes.");

    /// <summary>SCSDK3029: the external signer cannot be started.</summary>
    public static readonly DiagnosticDescriptor Signing_CommandNotStarted = Error(
        "SCSDK3029",
        nameof(Signing_CommandNotStarted),
        "The signing command '{0}' cannot be started: {1}. Check that the program exists, is executable and is on PATH, or give its full path.");

    /// <summary>SCSDK3030: the external signer exited with an error.</summary>
    public static readonly DiagnosticDescriptor Signing_CommandFailed = Error(
        "SCSDK3030",
        nameof(Signing_CommandFailed),
        "The signing command '{0}' failed with exit code {1}{2}. Run the command by hand with some bytes on its standard input to see why; no attestation was written.");

    /// <summary>SCSDK3031: the external signer did not finish in time.</summary>
    public static readonly DiagnosticDescriptor Signing_CommandTimedOut = Error(
        "SCSDK3031",
        nameof(Signing_CommandTimedOut),
        "The signing command '{0}' did not finish within {1} seconds and was stopped. Check that it does not wait for input from a terminal, or raise SupplyChainSigningTimeout; no attestation was written.");

    /// <summary>SCSDK3032: the external signer wrote something that is not a valid signature by the expected key.</summary>
    public static readonly DiagnosticDescriptor Signing_CommandSignatureInvalid = Error(
        "SCSDK3032",
        nameof(Signing_CommandSignatureInvalid),
        "The signing command '{0}' did not produce a signature that the public key '{1}' ({2}) verifies: {3}. The command must write the base64 signature of its standard input (DER for ECDSA) and nothing else on standard output, with the private key of SupplyChainSigningPublicKey.");

    /// <summary>SCSDK3033: an attestation sidecar that cannot be written.</summary>
    public static readonly DiagnosticDescriptor Attestation_WriteFailed = Error(
        "SCSDK3033",
        nameof(Attestation_WriteFailed),
        "The attestation '{0}' cannot be written: {1}. No attestation of the package was left behind; check that the package output folder may be written.");

    /// <summary>SCSDK3034: the SBOM sidecar exists but is not a JSON object.</summary>
    public static readonly DiagnosticDescriptor Attestation_SbomUnreadable = Error(
        "SCSDK3034",
        nameof(Attestation_SbomUnreadable),
        "The SBOM '{0}' cannot be attested: {1}. Pack again so that the SBOM is written anew, or set SupplyChainSbomEnabled to false and delete the file.");

    /// <summary>SCSDK3035: a statement whose subject is not the artifact being verified.</summary>
    public static readonly DiagnosticDescriptor Attestation_SubjectMismatch = Error(
        "SCSDK3035",
        nameof(Attestation_SubjectMismatch),
        "The in-toto statement in '{0}' is about {1}, not about the artifact '{2}' (sha256 {3}). The artifact was changed or rebuilt after it was attested, or the attestation belongs to another artifact; use the attestation written with this artifact.");

    /// <summary>SCSDK3036: a statement of a predicate type that is not expected.</summary>
    public static readonly DiagnosticDescriptor Attestation_UnexpectedPredicateType = Error(
        "SCSDK3036",
        nameof(Attestation_UnexpectedPredicateType),
        "The in-toto statement in '{0}' has predicate type '{1}', but only {2} are expected. Check that the file holds the attestations of a package built with SupplyChain.Sdk.");

    /// <summary>SCSDK3037: an attestation file with no envelope in it.</summary>
    public static readonly DiagnosticDescriptor Attestation_Empty = Error(
        "SCSDK3037",
        nameof(Attestation_Empty),
        "The attestation file '{0}' holds no DSSE envelope. A '.intoto.jsonl' file has one envelope per line; produce it again with 'dotnet pack'.");

    /// <summary>SCSDK3038: a Sigstore bundle that is not of the bundle v0.3 DSSE shape.</summary>
    public static readonly DiagnosticDescriptor Attestation_SigstoreBundleMalformed = Error(
        "SCSDK3038",
        nameof(Attestation_SigstoreBundleMalformed),
        "The Sigstore bundle '{0}' cannot be read: {1}. A bundle has 'mediaType' 'application/vnd.dev.sigstore.bundle.v0.3+json', 'verificationMaterial' and a 'dsseEnvelope' with exactly one signature.");

    /// <summary>SCSDK3040: a subject whose NuGet content hash is the package's, but the package's signature is not exactly one repository signature.</summary>
    public static readonly DiagnosticDescriptor Attestation_ContentHashSignatureNotRepository = Error(
        "SCSDK3040",
        nameof(Attestation_ContentHashSignatureNotRepository),
        "The in-toto statement in '{0}' is about the content of '{1}' (its NuGet content hash matches), but the package is not the attested package plus exactly one NuGet repository signature: {2}. Only a repository signature added by a feed is accepted as a change after attestation; an author signature, a countersignature or a second signature means the package was signed after it was attested: attest it after signing, or verify the package as the build wrote it.");

    /// <summary>SCSDK3510: a subject digest that looks like the NuGet content hash but is not in the defined form.</summary>
    public static readonly DiagnosticDescriptor Attestation_ContentHashDigestMalformed = Warning(
        "SCSDK3510",
        nameof(Attestation_ContentHashDigestMalformed),
        "A subject of the in-toto statement in '{0}' has the digest '{1}' = '{2}', which is not a NuGet content hash in the form SupplyChain.Sdk defines (key 'nugetContentSha512', exactly; value the SHA-512 as 128 lowercase hex digits, not base64); it is ignored, so the package is matched by its file digests only. Fix the tool that wrote the attestation, or attest with SupplyChain.Sdk.");

    /// <summary>SCSDK3500: a private key file that group or others may read or change.</summary>
    public static readonly DiagnosticDescriptor Key_PrivateKeyFileTooOpen = Warning(
        "SCSDK3500",
        nameof(Key_PrivateKeyFileTooOpen),
        "The private key file '{0}' can be read or changed by {1} (mode {2}). Anyone who can read it can sign as you; restrict it to its owner with 'chmod 600 {0}'.");
}
