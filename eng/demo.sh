#!/usr/bin/env bash
# The main job on the built-in sample: packs SupplyChain.Sdk locally, then builds samples/Pinning with it,
# first with a floating dependency version (the build fails with SCSDK1009), then pinned (the build passes),
# runs 'supplychain lock verify' on it, packs it with a signing key made on the spot (SBOM, attestations,
# Sigstore bundles beside the package) and verifies the attestations, then creates a TUF repository that the
# next pack publishes into, and verifies it with the TUF client.
source "$(dirname "$0")/common.sh"
require_dotnet
cd "$repo_root"
[ "${SKIP_BUILD:-0}" = 1 ] || bash eng/build.sh >/dev/null
version=$(sed -n 's:.*<Version Condition="[^"]*">\(.*\)</Version>.*:\1:p' build/Common.props | head -n1)
work=$(mktemp -d "${TMPDIR:-/tmp}/supplychain-demo.XXXXXX")
cp -r samples/Pinning/. "$work/"
cp global.json "$work/"
sed -i "s/Include=\"SupplyChain.Sdk\" Version=\"[^\"]*\"/Include=\"SupplyChain.Sdk\" Version=\"$version\"/" "$work/Directory.Build.props"
write_sample_nuget_config "$work"
export NUGET_PACKAGES="$work/.packages"
project="$work/src/Greeter/Greeter.csproj"

step "1. a floating version: Newtonsoft.Json 13.*"
sed -i 's/Include="Newtonsoft.Json" Version="[^"]*"/Include="Newtonsoft.Json" Version="13.*"/' "$project"
if dotnet build "$work/Pinning.slnx" -nodeReuse:false -v:q -nologo; then
  echo "UNEXPECTED: the build with a floating version passed" >&2; exit 1
fi
echo "-> the build failed, as it should: a floating version is not pinned."

step "2. pinned: Newtonsoft.Json 13.0.3"
sed -i 's/Include="Newtonsoft.Json" Version="[^"]*"/Include="Newtonsoft.Json" Version="13.0.3"/' "$project"
rm -f "$work/src/Greeter/packages.lock.json"
dotnet build "$work/Pinning.slnx" -nodeReuse:false -v:q -nologo
echo "-> the build passed; packages.lock.json pins every package by content hash:"
head -n 12 "$work/src/Greeter/packages.lock.json"

supplychain() { dotnet "$artifacts/bin/SupplyChain.Tool/$config_lower/SupplyChain.Tool.dll" "$@"; }

step "3. the same checks outside a build: supplychain lock verify"
supplychain lock verify "$work/Pinning.slnx"

step "4. pack with a signing key: SBOM, in-toto attestations, Sigstore bundles"
mkdir -p "$work/keys"
supplychain keygen --type ecdsa-p256 --out "$work/keys/signing.pem"
dotnet pack "$work/Pinning.slnx" -c Release -o "$work/packages" -p:SupplyChainSigningKey="$work/keys/signing.pem" -nodeReuse:false -v:q -nologo
ls -1 "$work/packages"
echo "-> the SBOM (first lines of $work/packages/Greeter.1.0.0.cdx.json):"
head -n 20 "$work/packages/Greeter.1.0.0.cdx.json"

step "5. verify the attestations against the package and the public key"
supplychain attest verify "$work/packages/Greeter.1.0.0.intoto.jsonl" --key "$work/keys/signing.pem.pub" --artifact "$work/packages/Greeter.1.0.0.nupkg"

step "6. a TUF repository: init, then dotnet pack publishes the package and its sidecars as signed targets"
for role in root targets snapshot timestamp; do
  supplychain keygen --type ecdsa-p256 --out "$work/keys/$role.pem" >/dev/null
done
supplychain tuf init "$work/tuf" --root-key "$work/keys/root.pem" --targets-key "$work/keys/targets.pem" \
  --snapshot-key "$work/keys/snapshot.pem" --timestamp-key "$work/keys/timestamp.pem"
dotnet pack "$work/Pinning.slnx" -c Release -o "$work/packages" -p:SupplyChainSigningKey="$work/keys/signing.pem" \
  -p:SupplyChainTufRepository="$work/tuf" -p:SupplyChainTufTargetsKey="$work/keys/targets.pem" \
  -p:SupplyChainTufSnapshotKey="$work/keys/snapshot.pem" -p:SupplyChainTufTimestampKey="$work/keys/timestamp.pem" \
  -nodeReuse:false -v:q -nologo
supplychain tuf status "$work/tuf"

step "7. the TUF client: verify the repository from its first root and download the package"
supplychain tuf verify --root "$work/tuf/metadata/1.root.json" --repo "$work/tuf" \
  --target greeter/1.0.0/greeter.1.0.0.nupkg --out "$work/verified/greeter.1.0.0.nupkg"
cmp "$work/verified/greeter.1.0.0.nupkg" "$work/packages/Greeter.1.0.0.nupkg" && echo "-> the verified download is the packed package, byte for byte."

echo
echo "Demo folder (kept for you to look at): $work"
