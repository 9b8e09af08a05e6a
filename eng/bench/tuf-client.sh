#!/usr/bin/env bash
# Speed of the TUF client against tuf-js (npm), outside CI: a 10,000-target repository (written by
# tests/interop/tufjs-make-repo.mjs) is served on 127.0.0.1; each client, in a fresh process with an empty metadata
# folder, refreshes and downloads one target. Prints the median wall time of RUNS runs of each and the ratio, the CPU
# time (user + system) and the peak memory (maximum resident set size, /usr/bin/time -v) of our refresh + download
# process, and that peak as a multiple of the metadata it read.
#   bash eng/bench/tuf-client.sh [TARGETS=10000] [RUNS=5]
#   TUFJS=0 bash eng/bench/tuf-client.sh 100000 3   # our client only (tuf-js 5.0.1 reads targets in quadratic time)
# Needs: the .NET SDK, Node.js 20.18+ with npm, python3 (the static file server). tuf-js is the version pinned in
# tests/interop (npm ci there when it is not installed).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
targets="${1:-10000}"
runs="${2:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tuf-bench.XXXXXX")"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== build the client"
dotnet build "$repo_root/src/SupplyChain.Tuf.ConformanceClient" -c Release -p:ArtifactsPath="$work/artifacts" -nologo -v:q >/dev/null
client_dll="$work/artifacts/bin/SupplyChain.Tuf.ConformanceClient/release/SupplyChain.Tuf.ConformanceClient.dll"

echo "== tuf-js from tests/interop"
interop="$repo_root/tests/interop"
(cd "$interop" && { [ -d node_modules/tuf-js ] && [ -d node_modules/@tufjs/models ]; } || npm ci --no-audit --no-fund >/dev/null)
tufjs_version=$(node -p "require('$interop/node_modules/tuf-js/package.json').version")
mkdir -p "$work/tufjs"
cat > "$work/tufjs/client.mjs" <<JS
import tufjs from '$interop/node_modules/tuf-js/dist/index.js';
const { Updater } = tufjs;
const [metadataDir, metadataBaseUrl, targetDir, targetBaseUrl, target] = process.argv.slice(2);
const updater = new Updater({ metadataDir, metadataBaseUrl, targetDir, targetBaseUrl });
await updater.refresh();
const info = await updater.getTargetInfo(target);
if (!info) { console.error('not found'); process.exit(1); }
await updater.downloadTarget(info);
JS

echo "== write a repository of $targets targets (tuf-js models)"
node "$repo_root/tests/interop/tufjs-make-repo.mjs" "$work/repo" valid --generate "$targets" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/repo" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/root.json" >/dev/null 2>&1 && break; sleep 0.1; done
base="http://127.0.0.1:$port"
target="targets/file-$((targets / 2)).txt"

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

ours() {
  local dir="$work/ours-$1"; mkdir -p "$dir/targets"
  dotnet "$client_dll" --metadata-dir "$dir/metadata" init "$work/repo/root.json"
  /usr/bin/time -f "%M %U %S" -o "$work/ours.time" dotnet "$client_dll" --metadata-url "$base/metadata/" --metadata-dir "$dir/metadata" --target-name "$target" --target-dir "$dir/targets" --target-base-url "$base/targets/" download
  read -r rss user sys < "$work/ours.time"
  echo "$rss" >> "$work/ours.rss"
  awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d\n", (u + s) * 1000 }' >> "$work/ours.cpu"
}
theirs() {
  local dir="$work/tufjs-$1"; mkdir -p "$dir/metadata" "$dir/targets"
  cp "$work/repo/root.json" "$dir/metadata/root.json"
  node "$work/tufjs/client.mjs" "$dir/metadata" "$base/metadata" "$dir/targets" "$base/targets" "$target"
}

with_tufjs="${TUFJS:-1}"
echo "== $runs runs each: refresh + download '$target'"
ours warmup; [ "$with_tufjs" = 0 ] || theirs warmup
: > "$work/ours.ms"; : > "$work/tufjs.ms"; : > "$work/ours.rss"; : > "$work/ours.cpu"
for i in $(seq "$runs"); do
  t0=$(now_ms); ours "$i"; t1=$(now_ms); echo $((t1 - t0)) >> "$work/ours.ms"
  [ "$with_tufjs" = 0 ] && continue
  t0=$(now_ms); theirs "$i"; t1=$(now_ms); echo $((t1 - t0)) >> "$work/tufjs.ms"
done
metadata_bytes=$(cat "$work"/repo/metadata/1.root.json "$work"/repo/metadata/timestamp.json "$work"/repo/metadata/1.snapshot.json "$work"/repo/metadata/1.targets.json | wc -c)
rss_kb=$(median < "$work/ours.rss")
echo "SupplyChain.Sdk client, refresh + download process: peak memory median ${rss_kb} KiB [$(tr '\n' ' ' < "$work/ours.rss")], CPU median $(median < "$work/ours.cpu") ms [$(tr '\n' ' ' < "$work/ours.cpu")]"
awk -v r="$rss_kb" -v m="$metadata_bytes" 'BEGIN { printf "metadata read: %d bytes; peak memory / metadata: %.2f\n", m, r * 1024 / m }'
ours_ms=$(median < "$work/ours.ms")
if [ "$with_tufjs" = 0 ]; then
  echo "SupplyChain.Sdk client (init + download, 2 processes): median ${ours_ms} ms  [$(tr '\n' ' ' < "$work/ours.ms")]"
  exit 0
fi
tufjs_ms=$(median < "$work/tufjs.ms")
echo "SupplyChain.Sdk client (init + download, 2 processes): median ${ours_ms} ms  [$(tr '\n' ' ' < "$work/ours.ms")]"
echo "tuf-js $tufjs_version (refresh + download, 1 process):          median ${tufjs_ms} ms  [$(tr '\n' ' ' < "$work/tufjs.ms")]"
awk -v a="$ours_ms" -v b="$tufjs_ms" 'BEGIN { printf "ratio (ours / tuf-js): %.2f\n", a / b }'
