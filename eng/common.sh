# Shared by the eng/ scripts: repository root, quiet .NET CLI, and a clean MSBuild environment.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1
export DOTNET_CLI_USE_MSBUILD_SERVER=0
configuration="${CONFIGURATION:-Release}"
config_lower="$(echo "$configuration" | tr '[:upper:]' '[:lower:]')"
artifacts="${ARTIFACTS_PATH:-$repo_root/artifacts}"

step() { printf '\n=== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET SDK is required (see global.json): https://dot.net" >&2
    exit 2
  fi
}

# A sample's nuget.config: the locally packed SupplyChain.* packages and nuget.org, each mapped (as our pinning
# checks require of several sources).
write_sample_nuget_config() { # folder
  cat > "$1/nuget.config" <<XML
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
}
