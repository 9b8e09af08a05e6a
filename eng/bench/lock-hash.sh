#!/usr/bin/env bash
# 'supplychain lock hash' of every .nupkg of a folder against 'openssl dgst -sha512' of the same files, paired
# (eng/bench/paired.sh): once with the per-machine digest cache off (every package read and hashed), once with it on
# and warm (what a second feature or project costs). Not part of the test suite.
#   bash eng/bench/lock-hash.sh [PACKAGES_FOLDER=~/.nuget/packages] [COUNT=57] [RUNS=7]
# Needs: the .NET SDK, openssl (installed with apt-get when missing and running as root).
source "$(dirname "$0")/../common.sh"
source "$(dirname "$0")/paired.sh"
require_dotnet
folder="${1:-${NUGET_PACKAGES:-$HOME/.nuget/packages}}"
count="${2:-57}"
runs="${3:-7}"
if ! command -v openssl >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "openssl is required" >&2; exit 2; }
  apt-get install -y -qq openssl >/dev/null
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/supplychain-hash-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
artifacts="${SUPPLYCHAIN_ARTIFACTS:-$repo_root/artifacts}"

step "build SupplyChain.Tool ($configuration)"
dotnet build "$repo_root/src/SupplyChain.Tool/SupplyChain.Tool.csproj" -c "$configuration" -nodeReuse:false -v:q -nologo "-p:ArtifactsPath=$artifacts" >/dev/null
tool="$artifacts/bin/SupplyChain.Tool/$config_lower/SupplyChain.Tool"

step "copy $count packages from $folder"
mkdir -p "$work/packages"
find "$folder" -name '*.nupkg' | sort | head -n "$count" | xargs -I{} cp {} "$work/packages/"
echo "$(ls "$work/packages" | wc -l) packages, $(du -sh "$work/packages" | cut -f1)"

paired_run "lock hash (digest cache off) / openssl dgst -sha512" "$runs" \
  "SUPPLYCHAIN_DIGEST_CACHE=off '$tool' lock hash '$work'/packages/*.nupkg" \
  "openssl dgst -sha512 '$work'/packages/*.nupkg"
export SUPPLYCHAIN_DIGEST_CACHE="$work/cache"
sleep 1 # the copies must age past the cache's racy interval before they are recorded
"$tool" lock hash "$work"/packages/*.nupkg >/dev/null
paired_run "lock hash (digest cache warm) / openssl dgst -sha512" "$runs" \
  "'$tool' lock hash '$work'/packages/*.nupkg" \
  "openssl dgst -sha512 '$work'/packages/*.nupkg"
