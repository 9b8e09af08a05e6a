#!/usr/bin/env node
// Verifies a Sigstore bundle that carries a DSSE envelope signed by a known public key, with the Verifier of
// @sigstore/verify (sigstore-js), independently of our C# code. The public key is the only trust material: no
// transparency log, certificate transparency log or timestamp authority (their thresholds are 0), and the key is
// found by the bundle's public key hint. Then the in-toto statement in the verified payload must be about ARTIFACT:
// a subject whose sha256 is the artifact's.
//
// Usage: node verify-sigstore-bundle.mjs BUNDLE ARTIFACT PUBLIC_KEY_PEM [EXPECTED_HINT [EXPECTED_CONTENT_SHA512]]
//   EXPECTED_HINT: the key is trusted under this hint only (otherwise under whatever hint the bundle names; '' for that).
//   EXPECTED_CONTENT_SHA512: the subject must also carry this NuGet content hash (digest 'nugetContentSha512',
//   lowercase hex), computed by the caller independently of the code that wrote the bundle.
//
// Prints "verified: BUNDLE (PREDICATE_TYPE) digests: ALGORITHM,..." or "invalid: BUNDLE: REASON".
// Exit codes: 0 verified, 1 not verified, 2 bad usage or unreadable input.

import { createHash, createPublicKey } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { assertBundleLatest, bundleFromJSON } from '@sigstore/bundle'
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify'

const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json'
const IN_TOTO = 'application/vnd.in-toto+json'
const STATEMENT_V1 = 'https://in-toto.io/Statement/v1'

const [bundlePath, artifactPath, keyPath, hintArgument, expectedContentHash] = process.argv.slice(2)
const expectedHint = hintArgument || undefined
if (!bundlePath || !artifactPath || !keyPath) {
  process.stderr.write('usage: node verify-sigstore-bundle.mjs BUNDLE ARTIFACT PUBLIC_KEY_PEM [EXPECTED_HINT [EXPECTED_CONTENT_SHA512]]\n')
  process.exit(2)
}

let json, artifact, publicKey
try {
  json = JSON.parse(await readFile(bundlePath, 'utf8'))
  artifact = await readFile(artifactPath)
  publicKey = createPublicKey(await readFile(keyPath, 'utf8'))
} catch (error) {
  process.stderr.write(`cannot read the inputs: ${error.message}\n`)
  process.exit(2)
}

function invalid (reason) {
  process.stdout.write(`invalid: ${bundlePath}: ${reason}\n`)
  process.exit(1)
}

try {
  if (json.mediaType !== BUNDLE_V03) {
    invalid(`mediaType is '${json.mediaType}', not '${BUNDLE_V03}'`)
  }
  const bundle = bundleFromJSON(json)
  assertBundleLatest(bundle)
  if (bundle.content.$case !== 'dsseEnvelope' || bundle.verificationMaterial.content.$case !== 'publicKey') {
    invalid('not a DSSE bundle with a public key hint')
  }
  const hint = bundle.verificationMaterial.content.publicKey.hint
  const trustedHint = expectedHint ?? hint
  const trustedRoot = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] }
  const keys = { [trustedHint]: { rawBytes: publicKey.export({ type: 'spki', format: 'der' }) } }
  const verifier = new Verifier(toTrustMaterial(trustedRoot, keys), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 })
  verifier.verify(toSignedEntity(bundle))

  const envelope = bundle.content.dsseEnvelope
  if (envelope.payloadType !== IN_TOTO) {
    invalid(`payloadType is '${envelope.payloadType}'`)
  }
  const statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8'))
  if (statement._type !== STATEMENT_V1) {
    invalid(`the statement's _type is '${statement._type}'`)
  }
  const sha256 = createHash('sha256').update(artifact).digest('hex')
  const subject = Array.isArray(statement.subject) ? statement.subject.find(s => s?.digest?.sha256 === sha256) : undefined
  if (!subject) {
    invalid(`no subject has the artifact's sha256 ${sha256}`)
  }
  if (expectedContentHash && subject.digest.nugetContentSha512 !== expectedContentHash) {
    invalid(`the subject's nugetContentSha512 is '${subject.digest.nugetContentSha512}', not '${expectedContentHash}'`)
  }
  process.stdout.write(`verified: ${bundlePath} (${statement.predicateType}) digests: ${Object.keys(subject.digest).join(',')}\n`)
  process.exit(0)
} catch (error) {
  invalid(`${error.name}${error.code ? ' ' + error.code : ''}: ${error.message}`)
}
