#!/usr/bin/env bash
# Pack benchmark (not part of the test suite): a clean 'dotnet pack' of a sample solution with SupplyChain.Sdk doing
# everything it does on pack (pinning, the SBOM in and beside each package, signed attestations, TUF publishing of
# every package with its SBOM and attestations into a repository, released at once) against the same clean pack with
# the SDK switched off (SupplyChainEnabled=false), in paired whole processes (eng/bench/paired.sh).
# "Clean": obj/, bin/ and the output folder are removed before every pack (restore then runs, from the warm packages
# folder); both sides start from the same empty TUF repository copy, so each publish is a first publish.
# Usage: bash eng/bench/pack.sh [projects=3] [runs=7]   (KEEP_WORK=1 keeps the sample and prints where it is)
source "$(dirname "$0")/../common.sh"
source "$(dirname "$0")/paired.sh"
require_dotnet
projects="${1:-3}"
runs="${2:-7}"
cd "$repo_root"
[ -f "$artifacts/package/$config_lower/SupplyChain.Sdk.1.0.0.nupkg" ] || bash eng/build.sh >/dev/null
tool="$artifacts/bin/SupplyChain.Tool/$config_lower/SupplyChain.Tool.dll"
supplychain() { dotnet "$tool" "$@"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/supplychain-pack-bench.XXXXXX")
if [ "${KEEP_WORK:-0}" = 1 ]; then echo "sample: $work"; else trap 'rm -rf "$work"' EXIT; fi
export NUGET_PACKAGES="$work/.packages"
cp global.json "$work/"
write_sample_nuget_config "$work"

step "keys and an empty TUF repository"
mkdir -p "$work/keys"
for role in signing root targets snapshot timestamp; do
  supplychain keygen --out "$work/keys/$role.pem" >/dev/null
done
supplychain tuf init "$work/tuf-empty" --root-key "$work/keys/root.pem" --targets-key "$work/keys/targets.pem" \
  --snapshot-key "$work/keys/snapshot.pem" --timestamp-key "$work/keys/timestamp.pem" >/dev/null

cat > "$work/Directory.Build.props" <<XML
<Project>
  <PropertyGroup>
    <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
    <Version>1.0.0</Version>
    <Authors>bench</Authors>
    <SupplyChainSigningKey>$work/keys/signing.pem</SupplyChainSigningKey>
    <SupplyChainTufRepository>$work/tuf</SupplyChainTufRepository>
    <SupplyChainTufTargetsKey>$work/keys/targets.pem</SupplyChainTufTargetsKey>
    <SupplyChainTufSnapshotKey>$work/keys/snapshot.pem</SupplyChainTufSnapshotKey>
    <SupplyChainTufTimestampKey>$work/keys/timestamp.pem</SupplyChainTufTimestampKey>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SupplyChain.Sdk" Version="1.0.0" PrivateAssets="all" />
  </ItemGroup>
</Project>
XML
write_bench_solution "$work" "$projects"

clean="rm -rf '$work'/src/*/obj '$work'/src/*/bin '$work/out' '$work/tuf' && cp -r '$work/tuf-empty' '$work/tuf'"
pack="dotnet pack '$work/Bench.slnx' -o '$work/out' -nodeReuse:false -v:q -nologo"
step "first pack ($projects projects), checked"
bash -c "$clean && $pack"
for i in $(seq 1 "$projects"); do
  for f in "P$i.1.0.0.nupkg" "P$i.1.0.0.cdx.json" "P$i.1.0.0.intoto.jsonl"; do
    [ -f "$work/out/$f" ] || { echo "the pack with the SDK did not write out/$f" >&2; ls "$work/out" >&2; exit 1; }
  done
done
grep -q "p1.1.0.0.nupkg" "$work/tuf/metadata/targets.json" 2>/dev/null || grep -rq "p1.1.0.0.nupkg" "$work/tuf" ||
  { echo "the pack with the SDK did not publish p1 to the TUF repository" >&2; exit 1; }
step "clean packs ($projects projects), $runs pairs: with SupplyChain.Sdk (A) and switched off (B)"
paired_run "clean pack with SBOM + attestations + TUF publish / plain pack" "$runs" "$clean && $pack" "$clean && $pack -p:SupplyChainEnabled=false"
