#!/usr/bin/env node
// Validates Sigstore bundles against the Bundle JSON schema of sigstore/protobuf-specs with ajv, independently of
// our C# code. The published schemas name the fields of their oneOf "required" clauses in proto snake_case while
// "properties" use lowerCamelCase, so as published no bundle validates; this script applies the one rewrite of those
// names to camelCase (the known defect), drops the keywords next to "$ref" (draft-04 ignores them; ajv implements a
// later draft, which would apply them), and checks "format": "binary" fields as base64.
//
// Usage: node validate-sigstore-bundle-schema.mjs BUNDLE_SCHEMA_JSON BUNDLE...
// Prints "valid: FILE" or "invalid: FILE" with the errors. Exit codes: 0 all valid, 1 one invalid, 2 bad usage.

import { readFile } from 'node:fs/promises'
import Ajv from 'ajv'

const [schemaPath, ...bundles] = process.argv.slice(2)
if (!schemaPath || bundles.length === 0) {
  process.stderr.write('usage: node validate-sigstore-bundle-schema.mjs BUNDLE_SCHEMA_JSON BUNDLE...\n')
  process.exit(2)
}

const camel = name => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
function rewriteRequired (node, isRoot = false) {
  if (Array.isArray(node)) {
    node.forEach(child => rewriteRequired(child))
  } else if (node && typeof node === 'object') {
    if (!isRoot && typeof node.$ref === 'string') {
      // Draft-04: every other keyword next to $ref is ignored (ajv would apply them, as later drafts do).
      for (const key of Object.keys(node)) {
        if (key !== '$ref') {
          delete node[key]
        }
      }
      return
    }
    if (Array.isArray(node.oneOf)) {
      for (const clause of node.oneOf) {
        if (Array.isArray(clause.required)) {
          clause.required = clause.required.map(camel)
        }
      }
    }
    Object.values(node).forEach(child => rewriteRequired(child))
  }
}

let schema
try {
  schema = JSON.parse(await readFile(schemaPath, 'utf8'))
} catch (error) {
  process.stderr.write(`cannot read the schema: ${error.message}\n`)
  process.exit(2)
}
delete schema.$schema // draft-04; the keywords these files use mean the same in ajv's default draft
rewriteRequired(schema, true)
const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addFormat('binary', /^[A-Za-z0-9+/]*={0,2}$/)
const validate = ajv.compile(schema)

let status = 0
for (const file of bundles) {
  let bundle
  try {
    bundle = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    process.stdout.write(`invalid: ${file}\n    ${error.message}\n`)
    status = 1
    continue
  }
  if (validate(bundle)) {
    process.stdout.write(`valid: ${file}\n`)
  } else {
    status = 1
    process.stdout.write(`invalid: ${file}\n`)
    for (const error of validate.errors) {
      process.stdout.write(`    ${error.instancePath || '/'} ${error.message}\n`)
    }
  }
}
process.exit(status)
