#!/usr/bin/env bash
# The main job on the built-in sample: packs SupplyChain.Sdk locally, then builds samples/Pinning with it,
# first with a floating dependency version (the build fails with SCSDK1009), then pinned (the build passes),
# and finally runs 'supplychain lock verify' on it.
source "$(dirname "$0")/common.sh"
require_dotnet
cd "$repo_root"
[ "${SKIP_BUILD:-0}" = 1 ] || bash eng/build.sh >/dev/null
version=$(sed -n 's:.*<Version Condition="[^"]*">\(.*\)</Version>.*:\1:p' build/Common.props | head -n1)
work=$(mktemp -d "${TMPDIR:-/tmp}/supplychain-demo.XXXXXX")
cp -r samples/Pinning/. "$work/"
cp global.json "$work/"
sed -i "s/Include=\"SupplyChain.Sdk\" Version=\"[^\"]*\"/Include=\"SupplyChain.Sdk\" Version=\"$version\"/" "$work/Directory.Build.props"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$artifacts/package/$config_lower" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <clear />
    <packageSource key="local"><package pattern="SupplyChain.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
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

step "3. the same checks outside a build: supplychain lock verify"
dotnet "$artifacts/bin/SupplyChain.Tool/$config_lower/SupplyChain.Tool.dll" lock verify "$work/Pinning.slnx"
echo
echo "Demo folder (kept for you to look at): $work"
