#!/usr/bin/env bash
# Pinning benchmark (not part of the test suite):
#  1. no-op build of a sample solution with SupplyChain.Sdk against the same build with it switched off;
#  2. content-hash throughput of 'supplychain lock hash' against sha512sum over the same .nupkg files.
# Usage: bash eng/bench/pinning.sh [projects=6] [runs=7]   (WITH_RESTORE=1 also times no-op builds that restore;
#   SDK_ARGS='-p:SupplyChainSdkReadyToRun=false' adds arguments to the builds with the SDK, e.g. to time the IL task
#   folder; READYTORUN_PAIR=1 also pairs the ReadyToRun task folder against the IL one, both with the SDK)
source "$(dirname "$0")/../common.sh"
require_dotnet
projects="${1:-6}"
runs="${2:-7}"
cd "$repo_root"
[ -f "$artifacts/package/$config_lower/SupplyChain.Sdk.1.0.0.nupkg" ] || bash eng/build.sh >/dev/null
version=1.0.0
work=$(mktemp -d "${TMPDIR:-/tmp}/supplychain-bench.XXXXXX")
# KEEP_WORK=1 keeps the sample (to look at binlogs of its builds) and prints where it is.
if [ "${KEEP_WORK:-0}" = 1 ]; then echo "sample: $work"; else trap 'rm -rf "$work"' EXIT; fi
export NUGET_PACKAGES="$work/.packages"
cp global.json "$work/"
write_sample_nuget_config "$work"
cat > "$work/Directory.Build.props" <<XML
<Project>
  <PropertyGroup>
    <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SupplyChain.Sdk" Version="$version" PrivateAssets="all" />
  </ItemGroup>
</Project>
XML
source "$(dirname "$0")/paired.sh"
write_bench_solution "$work" "$projects"

step "first build ($projects projects)"
dotnet build "$work/Bench.slnx" -nodeReuse:false -v:q -nologo

# Paired whole processes (with, without, with, without, ...): the ratio holds while a shared machine's speed drifts.
build="dotnet build '$work/Bench.slnx' --no-restore -nodeReuse:false -v:q -nologo"
step "no-op builds ($projects projects), $runs pairs: with SupplyChain.Sdk (A) and switched off (B)"
paired_run "no-op build --no-restore, with / without ${SDK_ARGS:-}" "$runs" "$build ${SDK_ARGS:-}" "$build -p:SupplyChainEnabled=false"
if [ "${READYTORUN_PAIR:-0}" = 1 ]; then
  step "no-op builds ($projects projects), $runs pairs: the SDK's ReadyToRun task folder (A) and its IL one (B)"
  paired_run "no-op build --no-restore, ReadyToRun / IL task folder" "$runs" "$build" "$build -p:SupplyChainSdkReadyToRun=false"
fi
if [ "${WITH_RESTORE:-0}" = 1 ]; then
  step "no-op builds with their restore ($projects projects), $runs pairs"
  paired_run "no-op build with restore, with / without" "$runs" "${build/--no-restore /}" "${build/--no-restore /} -p:SupplyChainEnabled=false"
fi

# HASH_FOLDER: a larger packages folder to hash (default: the sample's own); e.g. HASH_FOLDER=~/.nuget/packages.
hash_folder="${HASH_FOLDER:-$NUGET_PACKAGES}"
step "content hash throughput over $hash_folder"
mapfile -t nupkgs < <(find "$hash_folder" -name '*.nupkg')
bytes=$(cat "${nupkgs[@]}" | wc -c)
tool="dotnet $artifacts/bin/SupplyChain.Tool/$config_lower/SupplyChain.Tool.dll"
s=$(date +%s%N); $tool lock hash "${nupkgs[@]}" >/dev/null; e=$(date +%s%N); ours=$(( (e - s) / 1000000 ))
s=$(date +%s%N); sha512sum "${nupkgs[@]}" >/dev/null; e=$(date +%s%N); theirs=$(( (e - s) / 1000000 ))
echo "${#nupkgs[@]} packages, $((bytes / 1048576)) MiB (signed ones are hashed without their signature entry)"
echo "supplychain lock hash: $ours ms (process start included)"
echo "sha512sum:             $theirs ms"
