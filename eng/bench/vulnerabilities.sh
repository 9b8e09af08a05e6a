#!/usr/bin/env bash
# Vulnerability matching benchmark (not part of the test suite): every advisory (the osv-nuget vectors plus synthetic
# ones, about 2,000 entries) against a 500-package lock file, in-process; prints median and p95 of many runs.
# Usage: bash eng/bench/vulnerabilities.sh [runs=200]
source "$(dirname "$0")/../common.sh"
require_dotnet
runs="${1:-200}"
cd "$repo_root"
core="$artifacts/bin/SupplyChain.Core/$config_lower/SupplyChain.Core.dll"
[ -f "$core" ] || bash eng/build.sh >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/supplychain-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat > "$work/Bench.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="SupplyChain.Core" HintPath="$core" />
  </ItemGroup>
</Project>
XML
cp eng/bench/vulnerabilities/Program.cs "$work/"
dotnet run --project "$work/Bench.csproj" -c Release -- "$repo_root/../shared/vectors/osv-nuget/advisories" "$runs"
