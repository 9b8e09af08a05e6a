// Downloads targets from a TUF repository with tuf-js (the TUF client of npm and Sigstore), which verifies the whole
// chain: root (and every newer root), timestamp, snapshot, targets and delegated roles such as hashed bins, then the
// length and hashes of each target file.
//
//   node tufjs-download.mjs --root ROOT.json (--dir REPOSITORY | --url BASE_URL) --out FOLDER TARGET...
//
// --dir serves the repository folder (metadata/ and targets/) from a small HTTP server on 127.0.0.1 for the run;
// --url uses BASE_URL/metadata/ and BASE_URL/targets/. Prints 'verified: TARGET SHA256' per target. Exit codes:
// 0 all verified, 1 a target or metadata failed to verify (the error is printed), 2 bad usage.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Updater } from 'tuf-js';

function usage(message) {
  console.error(`tufjs-download: ${message}`);
  console.error('usage: node tufjs-download.mjs --root ROOT.json (--dir REPOSITORY | --url BASE_URL) --out FOLDER TARGET...');
  process.exit(2);
}

const args = process.argv.slice(2);
const options = { targets: [] };
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--root' || arg === '--dir' || arg === '--url' || arg === '--out') {
    if (i + 1 >= args.length) usage(`${arg} needs a value`);
    options[arg.slice(2)] = args[++i];
  } else if (arg.startsWith('--')) {
    usage(`unknown option ${arg}`);
  } else {
    options.targets.push(arg);
  }
}
if (!options.root || !options.out || (!options.dir === !options.url)) usage('give --root, --out and one of --dir and --url');
if (options.targets.length === 0) usage('give at least one target path');

// A static file server for the repository folder: GET only, no directory listing, nothing outside the folder.
function serve(root) {
  const base = path.resolve(root);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const file = path.resolve(base, '.' + decodeURIComponent(url.pathname));
    if (request.method !== 'GET' || !file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server;
let status = 0;
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tufjs-'));
try {
  let baseUrl = options.url?.replace(/\/+$/, '');
  if (options.dir) {
    server = await serve(options.dir);
    baseUrl = `http://127.0.0.1:${server.address().port}`;
  }

  const metadataDir = path.join(cache, 'metadata');
  fs.mkdirSync(metadataDir);
  fs.copyFileSync(options.root, path.join(metadataDir, 'root.json'));
  fs.mkdirSync(options.out, { recursive: true });
  const updater = new Updater({
    metadataDir,
    metadataBaseUrl: `${baseUrl}/metadata`,
    targetDir: options.out,
    targetBaseUrl: `${baseUrl}/targets`,
    config: { fetchRetries: 0 },
  });
  await updater.refresh();
  for (const target of options.targets) {
    const info = await updater.getTargetInfo(target);
    if (!info) {
      console.error(`not found: ${target}`);
      status = 1;
      continue;
    }
    const file = path.join(options.out, target.replaceAll('/', '__'));
    await updater.downloadTarget(info, file);
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    console.log(`verified: ${target} ${sha256}`);
  }
} catch (error) {
  console.error(`failed: ${error?.constructor?.name ?? 'Error'}: ${error?.message ?? error}`);
  status = 1;
} finally {
  server?.close();
  fs.rmSync(cache, { recursive: true, force: true });
}
process.exit(status);
