// Builds a TUF repository folder with @tufjs/models (tuf-js's metadata classes), so the client of SupplyChain.Sdk
// is tested against metadata that our own code did not write. Keys are generated on each run (Node's crypto).
//
//   node tufjs-make-repo.mjs OUTDIR SCENARIO [--target PATH=FILE ...] [--generate N] [--expires ISO-8601]
//
// Writes OUTDIR/metadata (N.root.json, timestamp.json, N.snapshot.json, N.targets.json, N.<role>.json; without
// consistent snapshots: plain names), OUTDIR/targets (HASH.name under consistent snapshots), OUTDIR/root.json (the
// root to trust: version 1) and, for scenarios that need an earlier state, OUTDIR/previous/{metadata,targets}.
// Without --target, three targets are written: file1.txt, dir/file2.txt, and delegated/file3.txt (in the
// delegated role 'delegated'); --generate N signs N small generated files (targets/file-<i>.txt) instead, for
// benchmarks (its targets.json is written without the models' whole-object copies, which take quadratic time, and the
// snapshot lists the length and hashes of targets.json, which at 100,000 targets is beyond a client's default 5 MB
// cap for an unlisted length). Exits 0 when written, 2 on bad usage.
import { canonicalize } from '@tufjs/canonical-json';
import { createHash, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Key, Metadata, MetaFile, Root, Signature, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';

const SCENARIOS = [
  'valid', 'valid-no-consistent-snapshot', 'expired-timestamp', 'expired-targets', 'rolled-back-snapshot',
  'target-hash-mismatch', 'target-too-long', 'wrong-threshold', 'snapshot-hash-mismatch', 'targets-version-mismatch',
  'unauthorized-delegation-key', 'root-rotation', 'root-rotation-not-signed-by-old', 'wrong-type',
];

const args = process.argv.slice(2);
if (args.length < 2 || !SCENARIOS.includes(args[1])) {
  console.error(`usage: node tufjs-make-repo.mjs OUTDIR SCENARIO [--target PATH=FILE ...] [--generate N] [--expires ISO]\nscenarios: ${SCENARIOS.join(', ')}`);
  process.exit(2);
}

const [outDir, scenario] = args;
const customTargets = [];
let expires = new Date(Date.now() + 30 * 24 * 3600 * 1000);
let generated = false;
for (let i = 2; i < args.length; i++) {
  if (args[i] === '--target' && i + 1 < args.length) {
    const [path, file] = args[++i].split(/=(.*)/s);
    customTargets.push({ path, data: readFileSync(file), role: 'targets' });
  } else if (args[i] === '--generate' && i + 1 < args.length) {
    const count = Number.parseInt(args[++i], 10);
    generated = true;
    for (let n = 0; n < count; n++) {
      customTargets.push({ path: `targets/file-${n}.txt`, data: Buffer.from(`generated target ${n}\n`), role: 'targets' });
    }
  } else if (args[i] === '--expires' && i + 1 < args.length) {
    expires = new Date(args[++i]);
  } else {
    console.error(`unknown argument '${args[i]}'`);
    process.exit(2);
  }
}

const iso = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const EXPIRES = iso(expires);
const PAST = iso(new Date(Date.now() - 24 * 3600 * 1000));
const SPEC = '1.0.31';
const consistent = scenario !== 'valid-no-consistent-snapshot';

// Keys: Ed25519 for most roles, ECDSA P-256 for timestamp (both kinds the TUF specification names).
function newKey(type) {
  const { publicKey, privateKey } = type === 'ecdsa'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('ed25519');
  const keyVal = type === 'ecdsa'
    ? { public: publicKey.export({ type: 'spki', format: 'pem' }) }
    : { public: publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('hex') };
  const scheme = type === 'ecdsa' ? 'ecdsa-sha2-nistp256' : 'ed25519';
  // The key id: SHA-256 of the key object's canonical JSON (OLPC: sorted members, only '"' and '\\' escaped,
  // which these values do not contain; a PEM's newlines stay as they are).
  const canonical = `{"keytype":"${type}","keyval":{"public":"${keyVal.public}"},"scheme":"${scheme}"}`;
  const keyID = createHash('sha256').update(canonical).digest('hex');
  return {
    key: new Key({ keyID, keyType: type, scheme, keyVal }),
    signer: (bytes) => new Signature({ keyID, sig: cryptoSign(type === 'ecdsa' ? 'sha256' : null, bytes, privateKey).toString('hex') }),
  };
}

function signed(metadata, ...keys) {
  for (const key of keys) {
    metadata.sign(key.signer, true);
  }
  return Buffer.from(JSON.stringify(metadata.toJSON(), null, 1) + '\n');
}

// The signed document of a role whose 'targets' are given as plain JSON: signed over the canonical form exactly as
// Metadata.sign does, written in the layout of signed() above.
function signedJson(model, entries, key) {
  const json = model.toJSON();
  json.targets = entries;
  const signature = key.signer(Buffer.from(canonicalize(json)));
  return Buffer.from(JSON.stringify({ signatures: [signature.toJSON()], signed: json }, null, 1) + '\n');
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

function write(dir, relative, data) {
  const path = join(dir, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

const keys = {
  root: newKey('ed25519'),
  targets: newKey('ed25519'),
  snapshot: newKey('ed25519'),
  timestamp: newKey('ecdsa'),
  delegated: newKey('ed25519'),
};

function makeRoot(version, rootKeys, roleKeys, thresholds = {}) {
  const keyMap = {};
  const roles = {};
  for (const [role, list] of Object.entries({ root: rootKeys, ...roleKeys })) {
    for (const k of list) {
      keyMap[k.key.keyID] = k.key;
    }
    roles[role] = { keyids: list.map((k) => k.key.keyID), threshold: thresholds[role] ?? 1 };
  }
  return Root.fromJSON({
    _type: 'root', spec_version: SPEC, version, expires: EXPIRES, consistent_snapshot: consistent,
    keys: Object.fromEntries(Object.entries(keyMap).map(([id, key]) => [id, key.toJSON()])),
    roles,
  });
}

const contents = customTargets.length > 0 ? customTargets : [
  { path: 'file1.txt', data: Buffer.from('file1 from tuf-js\n'), role: 'targets' },
  { path: 'dir/file2.txt', data: Buffer.from('file2 from tuf-js\n'), role: 'targets' },
  { path: 'delegated/file3.txt', data: Buffer.from('file3 from tuf-js, delegated\n'), role: 'delegated' },
];

function targetEntries(role) {
  const entries = {};
  for (const t of contents.filter((c) => c.role === role)) {
    entries[t.path] = new TargetFile({ path: t.path, length: t.data.length, hashes: { sha256: sha256(t.data), sha512: createHash('sha512').update(t.data).digest('hex') } }).toJSON();
  }
  return entries;
}

// Writes one complete repository state into dir; options change single pieces for the attack scenarios.
function publish(dir, o = {}) {
  rmSync(dir, { recursive: true, force: true });
  const roots = o.roots ?? [{ root: makeRoot(1, [keys.root], { targets: [keys.targets], snapshot: [keys.snapshot], timestamp: [keys.timestamp] }, o.thresholds), signers: [keys.root] }];
  roots.forEach((r, i) => write(dir, `metadata/${i + 1}.root.json`, signed(new Metadata(r.root), ...r.signers)));
  const timestampKey = o.timestampKey ?? keys.timestamp;
  const delegatedKey = o.delegatedSigner ?? keys.delegated;
  const hasDelegated = contents.some((c) => c.role === 'delegated');
  const targetsVersion = o.targetsVersion ?? 1;
  const targets = Targets.fromJSON({
    _type: 'targets', spec_version: SPEC, version: o.targetsInnerVersion ?? targetsVersion, expires: o.targetsExpires ?? EXPIRES,
    targets: generated ? {} : targetEntries('targets'),
    ...(hasDelegated ? {
      delegations: {
        keys: { [keys.delegated.key.keyID]: keys.delegated.key.toJSON() },
        roles: [{ name: 'delegated', keyids: [keys.delegated.key.keyID], threshold: 1, terminating: true, paths: ['delegated/*'] }],
      },
    } : {}),
  });
  // Generated repositories: the same document, with the (many) entries added to the model's JSON afterwards.
  const targetsBytes = generated ? signedJson(targets, targetEntries('targets'), keys.targets) : signed(new Metadata(targets), keys.targets);
  const name = (role, version) => (consistent ? `${version}.${role}.json` : `${role}.json`);
  write(dir, `metadata/${name('targets', targetsVersion)}`, targetsBytes);
  const meta = { 'targets.json': new MetaFile(generated
    ? { version: targetsVersion, length: targetsBytes.length, hashes: { sha256: sha256(targetsBytes) } }
    : { version: targetsVersion }).toJSON() };
  if (hasDelegated) {
    const delegated = Targets.fromJSON({ _type: 'targets', spec_version: SPEC, version: 1, expires: EXPIRES, targets: targetEntries('delegated') });
    write(dir, `metadata/${name('delegated', 1)}`, signed(new Metadata(delegated), delegatedKey));
    meta['delegated.json'] = new MetaFile({ version: 1 }).toJSON();
  }
  const snapshotVersion = o.snapshotVersion ?? 1;
  const snapshot = Snapshot.fromJSON({ _type: 'snapshot', spec_version: SPEC, version: snapshotVersion, expires: EXPIRES, meta });
  const snapshotBytes = signed(new Metadata(snapshot), keys.snapshot);
  write(dir, `metadata/${name('snapshot', snapshotVersion)}`, snapshotBytes);
  const listedHash = o.snapshotHash ?? sha256(snapshotBytes);
  const timestamp = new Timestamp({
    version: o.timestampVersion ?? 1, specVersion: SPEC, expires: o.timestampExpires ?? EXPIRES,
    snapshotMeta: new MetaFile({ version: snapshotVersion, length: snapshotBytes.length, hashes: { sha256: listedHash } }),
  });
  const timestampBytes = o.timestampBytes ?? signed(new Metadata(timestamp), timestampKey);
  write(dir, 'metadata/timestamp.json', timestampBytes);
  for (const t of contents) {
    const data = o.targetData?.(t) ?? t.data;
    const slash = t.path.lastIndexOf('/');
    const fileName = consistent ? `${t.path.slice(0, slash + 1)}${sha256(t.data)}.${t.path.slice(slash + 1)}` : t.path;
    write(dir, `targets/${fileName}`, data);
  }
  return { timestampBytes, snapshotBytes };
}

const out = (p) => join(outDir, p);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const base = { root: makeRoot(1, [keys.root], { targets: [keys.targets], snapshot: [keys.snapshot], timestamp: [keys.timestamp] }), signers: [keys.root] };

switch (scenario) {
  case 'valid':
  case 'valid-no-consistent-snapshot':
    publish(outDir);
    break;
  case 'expired-timestamp':
    publish(outDir, { timestampExpires: PAST });
    break;
  case 'expired-targets':
    publish(outDir, { targetsExpires: PAST });
    break;
  case 'rolled-back-snapshot':
    // The client first sees snapshot v2 (timestamp v2); then the repository serves timestamp v3 listing snapshot v1.
    publish(outDir, { snapshotVersion: 1, timestampVersion: 3 });
    publish(join(outDir, 'previous'), { snapshotVersion: 2, timestampVersion: 2 });
    break;
  case 'target-hash-mismatch':
    publish(outDir, { targetData: (t) => Buffer.from(t.data.toString().toUpperCase()) });
    break;
  case 'target-too-long':
    publish(outDir, { targetData: (t) => Buffer.concat([t.data, Buffer.alloc(4096, 0x41)]) });
    break;
  case 'wrong-threshold':
    // Root asks for two targets signatures; targets carries one.
    publish(outDir, { roots: [{ root: makeRoot(1, [keys.root], { targets: [keys.targets, newKey('ed25519')], snapshot: [keys.snapshot], timestamp: [keys.timestamp] }, { targets: 2 }), signers: [keys.root] }] });
    break;
  case 'snapshot-hash-mismatch':
    publish(outDir, { snapshotHash: sha256(Buffer.from('another snapshot')) });
    break;
  case 'targets-version-mismatch':
    // Snapshot lists targets v2; the file at 2.targets.json says version 1.
    publish(outDir, { targetsVersion: 2, targetsInnerVersion: 1 });
    break;
  case 'unauthorized-delegation-key':
    publish(outDir, { delegatedSigner: newKey('ed25519') });
    break;
  case 'root-rotation': {
    // Root v2 rotates the root and timestamp keys; it is signed by the old and the new root keys.
    const newRoot = newKey('ed25519');
    const newTimestamp = newKey('ecdsa');
    const v2 = makeRoot(2, [newRoot], { targets: [keys.targets], snapshot: [keys.snapshot], timestamp: [newTimestamp] });
    publish(outDir, { roots: [base, { root: v2, signers: [keys.root, newRoot] }], timestampKey: newTimestamp });
    break;
  }
  case 'root-rotation-not-signed-by-old': {
    const newRoot = newKey('ed25519');
    const v2 = makeRoot(2, [newRoot], { targets: [keys.targets], snapshot: [keys.snapshot], timestamp: [keys.timestamp] });
    publish(outDir, { roots: [base, { root: v2, signers: [newRoot] }] });
    break;
  }
  case 'wrong-type': {
    // A snapshot, signed by the timestamp key, served as timestamp.json.
    const { snapshotBytes } = publish(outDir);
    const asTimestamp = Metadata.fromJSON('snapshot', JSON.parse(snapshotBytes.toString()));
    asTimestamp.signatures = {};
    publish(outDir, { timestampBytes: signed(asTimestamp, keys.timestamp) });
    break;
  }
  default:
    process.exit(2);
}

writeFileSync(out('root.json'), readFileSync(out('metadata/1.root.json')));
console.log(`written: ${outDir} (${scenario})`);
