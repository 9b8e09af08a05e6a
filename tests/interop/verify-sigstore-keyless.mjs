#!/usr/bin/env node
// Verifies a keyless Sigstore bundle (a Fulcio-style signing certificate, a Rekor entry, an embedded SCT, optional
// RFC 3161 timestamps) with the Verifier of @sigstore/verify (sigstore-js), independently of our C# code, against
// a trusted root given as a file (the offline trust material cosign takes with --trusted-root). The signer must have
// exactly IDENTITY (the certificate's subject alternative name) and ISSUER (the OIDC issuer extension). Thresholds
// are sigstore-js's defaults for keyless verification (one transparency log entry, one SCT, one timestamp), except
// that a trusted root naming no transparency log requires no entry (a private instance that only timestamps, the way
// gh attestation verify treats GitHub's).
//
// Usage: node verify-sigstore-keyless.mjs BUNDLE ARTIFACT TRUSTED_ROOT IDENTITY ISSUER
//   ARTIFACT: the signed file for a message-signature bundle; for a DSSE bundle, the in-toto statement must have a
//   subject whose sha256 is the artifact's.
//
// Prints "verified: BUNDLE identity IDENTITY" or "invalid: BUNDLE: REASON".
// Exit codes: 0 verified, 1 not verified, 2 bad usage or unreadable input.

import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { bundleFromJSON } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify'

const [bundlePath, artifactPath, rootPath, identity, issuer] = process.argv.slice(2)
if (!bundlePath || !artifactPath || !rootPath || !identity || !issuer) {
  process.stderr.write('usage: node verify-sigstore-keyless.mjs BUNDLE ARTIFACT TRUSTED_ROOT IDENTITY ISSUER\n')
  process.exit(2)
}

let json, artifact, root
try {
  json = JSON.parse(await readFile(bundlePath, 'utf8'))
  artifact = await readFile(artifactPath)
  root = TrustedRoot.fromJSON(JSON.parse(await readFile(rootPath, 'utf8')))
} catch (error) {
  process.stderr.write(`cannot read the inputs: ${error.message}\n`)
  process.exit(2)
}

function invalid (reason) {
  process.stdout.write(`invalid: ${bundlePath}: ${reason}\n`)
  process.exit(1)
}

// sigstore-js matches the subject alternative name as a regular expression: anchor the exact identity.
const exactly = value => '^' + value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$'

try {
  const bundle = bundleFromJSON(json)
  const tlogThreshold = root.tlogs.length > 0 ? 1 : 0
  const verifier = new Verifier(toTrustMaterial(root), { tlogThreshold, ctlogThreshold: 1, timestampThreshold: 1 })
  const isDsse = bundle.content.$case === 'dsseEnvelope'
  const signer = verifier.verify(toSignedEntity(bundle, isDsse ? undefined : artifact), {
    subjectAlternativeName: exactly(identity),
    extensions: { issuer }
  })
  if (isDsse) {
    const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'))
    const sha256 = createHash('sha256').update(artifact).digest('hex')
    if (!Array.isArray(statement.subject) || !statement.subject.some(s => s?.digest?.sha256 === sha256)) {
      invalid(`no subject of the statement has the artifact's sha256 ${sha256}`)
    }
  }
  process.stdout.write(`verified: ${bundlePath} identity ${signer.identity?.subjectAlternativeName}\n`)
  process.exit(0)
} catch (error) {
  invalid(`${error.code ?? error.name}: ${error.message}`)
}
