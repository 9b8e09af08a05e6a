#!/usr/bin/env bash
# Restores (locked), builds the solution with warnings as errors, packs SupplyChain.Sdk and SupplyChain.Tool,
# and (VERIFY_FORMAT=1, as eng/test.sh sets) checks that the code is formatted as .editorconfig says.
source "$(dirname "$0")/common.sh"
require_dotnet
cd "$repo_root"
mkdir -p artifacts/log
step "restore (locked mode)"
dotnet restore SupplyChain.Sdk.sln --locked-mode
step "build ($configuration)"
dotnet build SupplyChain.Sdk.sln -c "$configuration" --no-restore -warnaserror -nodeReuse:false -bl:artifacts/log/build.binlog
bash eng/pack.sh
if [ "${VERIFY_FORMAT:-0}" = 1 ]; then
  step "format (verify only)"
  dotnet format SupplyChain.Sdk.sln --verify-no-changes --no-restore
fi
