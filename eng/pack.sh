#!/usr/bin/env bash
# Packs SupplyChain.Sdk and SupplyChain.Tool into artifacts/package/<configuration>/.
# Incremental: after eng/build.sh it only packs what was built.
source "$(dirname "$0")/common.sh"
require_dotnet
cd "$repo_root"
step "pack"
rm -f artifacts/package/"$config_lower"/SupplyChain.*.nupkg
for project in src/SupplyChain.Sdk/SupplyChain.Sdk.csproj src/SupplyChain.Tool/SupplyChain.Tool.csproj; do
  dotnet pack "$project" -c "$configuration" -nodeReuse:false "$@"
done
ls -l artifacts/package/"$config_lower"/
