#!/usr/bin/env bash
# Packs SupplyChain.Sdk and SupplyChain.Tool into artifacts/package/<configuration>/.
# Incremental: after eng/build.sh it only packs what was built.
source "$(dirname "$0")/common.sh"
require_dotnet
cd "$repo_root"
step "pack"
rm -f artifacts/package/"$config_lower"/SupplyChain.*.nupkg
# SupplyChain.Sdk.csproj decides by host (SupplyChainPackReadyToRun): crossgen2 is restored for linux-x64 hosts only.
if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then
  echo "linux-x64 host: SupplyChain.Sdk carries its ReadyToRun task folder (tasks/net8.0/linux-x64/)"
else
  echo "not a linux-x64 host: SupplyChain.Sdk carries the IL task folder only (docs/msbuild-targets.md#the-task-assembly)"
fi
for project in src/SupplyChain.Sdk/SupplyChain.Sdk.csproj src/SupplyChain.Tool/SupplyChain.Tool.csproj; do
  dotnet pack "$project" -c "$configuration" -nodeReuse:false "$@"
done
ls -l artifacts/package/"$config_lower"/
