#!/usr/bin/env bash
# TUF publishing benchmark (not part of the test suite): how long 'supplychain tuf add' of ONE package, published at
# once (new bin, snapshot and timestamp), takes in repositories of growing size with succinct hashed bins. Each
# repository is made with one bulk 'tuf add' of a folder of generated files; then one more target is added and
# published several times, and the median is reported with the snapshot size. With hashed bins the time should stay
# nearly flat: a publish rewrites one bin (about N/bins entries), the snapshot (one entry per bin) and the timestamp.
# Measured on the 2-core test machine (16,384 bins, snapshot 754,113 bytes): one target added and published in about
# 0.5 s at 1,000 targets, 0.4 s at 100,000 and 0.45 s at 1,000,000 (a whole process each; startup is 0.1 s of it).
# Making the repositories takes longer: the bulk add of 100,000 files about a minute, of 1,000,000 about 10 minutes.
# Usage: bash eng/bench/tuf-publish.sh [sizes="1000 100000"] [bins=16384] [runs=5]
#   sizes: numbers of targets, space separated (1000000 works, given the time and disk to write a million files).
#   WORK_DIR: where the repositories go (default: a temporary folder, removed at the end).
source "$(dirname "$0")/../common.sh"
require_dotnet
sizes="${1:-1000 100000}"
bins="${2:-16384}"
runs="${3:-5}"
cd "$repo_root"
tool="$artifacts/bin/SupplyChain.Tool/$config_lower/SupplyChain.Tool.dll"
if [ ! -f "$tool" ]; then
  step "build the tool"
  dotnet build src/SupplyChain.Tool -c "$configuration" -v:q -nologo "-p:ArtifactsPath=$artifacts" >/dev/null
fi
supplychain() { dotnet "$tool" "$@"; }
work="${WORK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/supplychain-tuf-bench.XXXXXX")}"
[ -z "${WORK_DIR:-}" ] && trap 'rm -rf "$work"' EXIT
mkdir -p "$work/keys"
for role in root targets snapshot timestamp bins; do
  [ -f "$work/keys/$role.pem" ] || supplychain keygen --out "$work/keys/$role.pem" >/dev/null 2>&1
done
keys=(--key "$work/keys/bins.pem" --snapshot-key "$work/keys/snapshot.pem" --timestamp-key "$work/keys/timestamp.pem")
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Files that look like a package feed: ID/VERSION/ID.VERSION.nupkg, 1,000 per folder, a few hundred bytes each.
generate() { # count folder
  python3 - "$1" "$2" <<'PY'
import os, sys
count, root = int(sys.argv[1]), sys.argv[2]
for i in range(count):
    folder = os.path.join(root, f"pkg{i // 1000}", f"p{i}", "1.0.0")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"p{i}.1.0.0.nupkg"), "wb") as f:
        f.write((f"package {i} " * 32).encode())
PY
}

results=()
for size in $sizes; do
  repo="$work/repo-$size"
  rm -rf "$repo" "$work/files-$size"
  step "repository of $size targets, $bins bins"
  start=$(date +%s%N)
  supplychain tuf init "$repo" --root-key "$work/keys/root.pem" --targets-key "$work/keys/targets.pem" \
    --snapshot-key "$work/keys/snapshot.pem" --timestamp-key "$work/keys/timestamp.pem" --bins "$bins" --bins-key "$work/keys/bins.pem" >/dev/null
  echo "init: $(ms "$start") ms"
  start=$(date +%s%N)
  generate "$size" "$work/files-$size"
  echo "generate $size files: $(ms "$start") ms"
  start=$(date +%s%N)
  supplychain tuf add "$repo" "$work/files-$size" --path feed/ "${keys[@]}" >/dev/null
  echo "bulk add and publish of $size targets: $(ms "$start") ms"

  times=()
  for run in $(seq 1 "$runs"); do
    one="$work/one-$size-$run"
    mkdir -p "$one"
    printf 'new package %s %s\n' "$size" "$run" > "$one/contoso.new$run.1.0.0.nupkg"
    start=$(date +%s%N)
    supplychain tuf add "$repo" "$one/contoso.new$run.1.0.0.nupkg" --path "contoso.new$run/1.0.0/contoso.new$run.1.0.0.nupkg" "${keys[@]}" >/dev/null
    times+=("$(ms "$start")")
  done
  median_ms=$(printf '%s\n' "${times[@]}" | median)
  snapshot=$(ls -t "$repo"/metadata/*.snapshot.json | head -1)
  snapshot_bytes=$(stat -c %s "$snapshot")
  echo "add + publish of one target: ${times[*]} ms (median $median_ms ms); snapshot $snapshot_bytes bytes"
  results+=("$size targets: add + publish one target, median of $runs: $median_ms ms; snapshot $snapshot_bytes bytes")
  rm -rf "$work/files-$size"
done

step "summary ($bins hashed bins; each run starts the tool process, about 100 ms of it)"
printf '%s\n' "${results[@]}"
