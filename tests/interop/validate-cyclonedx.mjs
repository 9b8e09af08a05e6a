#!/usr/bin/env node
// Validates CycloneDX JSON documents with the JSON validator of @cyclonedx/cyclonedx-library
// (the schemas the CycloneDX project ships with its own library), independently of our C# code.
//
// Usage: node validate-cyclonedx.mjs FILE... --spec 1.6|1.7
//
// Prints one line per file, "valid: FILE" or "invalid: FILE", each invalid file followed by its
// errors indented by four spaces. A document whose specVersion differs from --spec is invalid too,
// because the schema of one version says nothing about a document of another.
// Exit codes: 0 every file valid, 1 at least one file invalid, 2 bad usage or a missing dependency.

import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

const SUPPORTED = ['1.6', '1.7']

function usage (message) {
  process.stderr.write(`${message}\nusage: node validate-cyclonedx.mjs FILE... --spec ${SUPPORTED.join('|')}\n`)
  process.exit(2)
}

function parseArguments (argv) {
  const files = []
  let spec
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--spec') {
      spec = argv[++i]
    } else if (arg.startsWith('--spec=')) {
      spec = arg.slice('--spec='.length)
    } else if (arg.startsWith('--')) {
      usage(`unknown option '${arg}'`)
    } else {
      files.push(arg)
    }
  }
  if (spec === undefined) {
    usage('--spec is required')
  }
  if (!SUPPORTED.includes(spec)) {
    usage(`--spec must be one of ${SUPPORTED.join(', ')}, not '${spec}'`)
  }
  if (files.length === 0) {
    usage('no file given')
  }
  return { files, spec }
}

function loadValidator (spec) {
  let CDX
  try {
    CDX = require('@cyclonedx/cyclonedx-library')
  } catch (err) {
    process.stderr.write(`@cyclonedx/cyclonedx-library is not installed; run 'npm ci' in tests/interop (${err.message})\n`)
    process.exit(2)
  }
  // JsonStrictValidator: for 1.6 and 1.7 it uses the same schema as JsonValidator, and it is the
  // one that also forbids unknown properties in older versions.
  return new CDX.Validation.JsonStrictValidator(spec)
}

function describe (error) {
  if (error === null || typeof error !== 'object') {
    return String(error)
  }
  const where = error.instancePath === undefined || error.instancePath === '' ? '(document)' : error.instancePath
  const params = error.params === undefined ? '' : ` ${JSON.stringify(error.params)}`
  return `${where}: ${error.message ?? JSON.stringify(error)}${params} [${error.schemaPath ?? ''}]`
}

async function validateFile (validator, spec, file) {
  let text
  try {
    text = await readFile(file, 'utf-8')
  } catch (err) {
    return [`cannot read the file: ${err.message}`]
  }
  let document
  try {
    document = JSON.parse(text)
  } catch (err) {
    return [`not JSON: ${err.message}`]
  }
  const problems = []
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return ['the document is not a JSON object']
  }
  if (document.specVersion !== spec) {
    problems.push(`specVersion is ${JSON.stringify(document.specVersion)}, but --spec is ${spec}`)
  }
  let errors
  try {
    errors = await validator.validate(text)
  } catch (err) {
    if (err?.constructor?.name === 'MissingOptionalDependencyError') {
      process.stderr.write(`a JSON validation dependency is missing; run 'npm ci' in tests/interop (${err.message})\n`)
      process.exit(2)
    }
    throw err
  }
  if (errors !== null) {
    for (const error of Array.isArray(errors) ? errors : [errors]) {
      problems.push(describe(error))
    }
  }
  return problems
}

const { files, spec } = parseArguments(process.argv.slice(2))
const validator = loadValidator(spec)
let invalid = 0
for (const file of files) {
  const problems = await validateFile(validator, spec, file)
  if (problems.length === 0) {
    process.stdout.write(`valid: ${file}\n`)
  } else {
    invalid++
    process.stdout.write(`invalid: ${file}\n`)
    for (const problem of problems) {
      process.stdout.write(`    ${problem}\n`)
    }
  }
}
process.stdout.write(`${files.length - invalid} valid, ${invalid} invalid (CycloneDX ${spec})\n`)
process.exit(invalid === 0 ? 0 : 1)
