#!/usr/bin/env node
// Validates SARIF logs against the OASIS SARIF 2.1.0 JSON schema (sarif-2.1.0-rtm.5.json, as shipped in the npm
// package @microsoft/jest-sarif) with ajv, independently of our C# code. The schema is draft-04: its "id" becomes
// "$id" and its "$schema" is dropped, so ajv's default draft reads the same keywords. Its "language" pattern
// (^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$) has a stray ']' that only non-Unicode regular expressions accept, as
// draft-04 validators compile them; so patterns are compiled without the 'u' flag.
//
// Usage: node validate-sarif.mjs FILE...
// Prints "valid: FILE" or "invalid: FILE" with the errors. Exit codes: 0 all valid, 1 one invalid, 2 bad usage.

import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'

const require = createRequire(import.meta.url)
const files = process.argv.slice(2)
if (files.length === 0) {
  process.stderr.write('usage: node validate-sarif.mjs FILE...\n')
  process.exit(2)
}

let schema
try {
  schema = JSON.parse(await readFile(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'))
} catch (error) {
  process.stderr.write(`cannot read the SARIF schema: ${error.message}\n`)
  process.exit(2)
}
delete schema.$schema
schema.$id = schema.id
delete schema.id
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false })
addFormats(ajv)
const validate = ajv.compile(schema)

let status = 0
for (const file of files) {
  let log
  try {
    log = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    process.stdout.write(`invalid: ${file}\n    not JSON: ${error.message}\n`)
    status = 1
    continue
  }
  if (validate(log) && log.version === '2.1.0') {
    process.stdout.write(`valid: ${file}\n`)
  } else {
    status = 1
    process.stdout.write(`invalid: ${file}\n`)
    for (const e of validate.errors ?? [{ instancePath: '/version', message: 'must be 2.1.0' }]) {
      process.stdout.write(`    ${e.instancePath} ${e.message}\n`)
    }
  }
}
process.exit(status)
