#!/usr/bin/env bash
# 'supplychain lock hash' of every .nupkg of a folder against 'openssl dgst -sha512' of the same files, paired
# (eng/bench/paired.sh): once with the per-machine digest cache off (every package read and hashed), once with it on
# and warm (what a second feature or project costs). Not part of the test suite.
#   bash eng/bench/lock-hash.sh [PACKAGES_FOLDER=~/.nuget/packages] [COUNT=57] [RUNS=7]
# The tool timed is the one users run: SupplyChain.Tool packed into artifacts/package/<configuration> and installed
# from that folder with 'dotnet tool install --tool-path' (on linux-x64 the ReadyToRun SupplyChain.Tool.linux-x64
# package, elsewhere SupplyChain.Tool.any). PACK=0 installs what is already packed there (e.g. after eng/build.sh);
# TOOL=build times the build output instead (artifacts/bin, JIT-compiled at every start).
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

tool_from="${TOOL:-package}"
if [ "$tool_from" = build ]; then
  step "build SupplyChain.Tool ($configuration)"
  dotnet build "$repo_root/src/SupplyChain.Tool/SupplyChain.Tool.csproj" -c "$configuration" -nodeReuse:false -v:q -nologo "-p:ArtifactsPath=$artifacts" >/dev/null
  tool="$artifacts/bin/SupplyChain.Tool/$config_lower/SupplyChain.Tool"
  echo "timing the build output: $tool"
else
  feed="$artifacts/package/$config_lower"
  if [ "${PACK:-1}" != 0 ]; then
    step "pack SupplyChain.Tool ($configuration)"
    dotnet pack "$repo_root/src/SupplyChain.Tool/SupplyChain.Tool.csproj" -c "$configuration" -nodeReuse:false -v:q -nologo "-p:ArtifactsPath=$artifacts" >/dev/null
  fi
  version="$(ls "$feed" | sed -n 's/^SupplyChain\.Tool\.\([0-9].*\)\.nupkg$/\1/p' | head -n 1)"
  [ -n "$version" ] || { echo "no SupplyChain.Tool package in $feed: run eng/pack.sh (or drop PACK=0)" >&2; exit 2; }
  step "install SupplyChain.Tool $version from $feed (--tool-path)"
  cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
  </packageSources>
</configuration>
XML
  # A fresh packages folder: a package re-packed with the same version must not come from an earlier install's copy.
  NUGET_PACKAGES="$work/nuget-packages" dotnet tool install SupplyChain.Tool --version "$version" --tool-path "$work/tool" --configfile "$work/nuget.config" >/dev/null
  tool="$work/tool/supplychain"
  installed="$(ls -d "$work"/tool/.store/supplychain.tool/"$version"/supplychain.tool.*/ 2>/dev/null | xargs -n 1 basename)"
  echo "installed package: ${installed:-supplychain.tool (no RID package)}"
fi

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
