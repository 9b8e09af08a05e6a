#!/usr/bin/env bash
# Packs SupplyChain.Sdk and SupplyChain.Tool into artifacts/package/<configuration>/.
# Incremental: after eng/build.sh it only packs what was built.
source "$(dirname "$0")/common.sh"
require_dotnet
cd "$repo_root"
step "pack"
rm -f artifacts/package/"$config_lower"/SupplyChain.*.nupkg
# SupplyChain.Sdk.csproj decides by host (SupplyChainPackReadyToRun): crossgen2 is restored for linux-x64 hosts only.
# SupplyChain.Tool.csproj packs RID-specific tool packages: SupplyChain.Tool (the pointer 'dotnet tool install' reads),
# SupplyChain.Tool.linux-x64 (ReadyToRun on a linux-x64 host, SupplyChainToolReadyToRun) and SupplyChain.Tool.any (IL).
if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then
  echo "linux-x64 host: SupplyChain.Sdk carries its ReadyToRun task folder (tasks/net8.0/linux-x64/)"
  echo "linux-x64 host: SupplyChain.Tool.linux-x64 is precompiled ReadyToRun; SupplyChain.Tool.any is IL for every other platform"
else
  echo "not a linux-x64 host: SupplyChain.Sdk carries the IL task folder only (docs/msbuild-targets.md#the-task-assembly)"
  echo "not a linux-x64 host: SupplyChain.Tool.linux-x64 holds IL like SupplyChain.Tool.any (crossgen2 is restored for linux-x64 hosts only)"
fi
for project in src/SupplyChain.Sdk/SupplyChain.Sdk.csproj src/SupplyChain.Tool/SupplyChain.Tool.csproj; do
  dotnet pack "$project" -c "$configuration" -nodeReuse:false "$@"
done
ls -l artifacts/package/"$config_lower"/
# What each tool package holds: the RID packages its pointer names, and whether SupplyChain.Tool.dll is precompiled
# (a ReadyToRun image has a managed native header in its CLI header; an IL-only assembly has none).
if command -v python3 >/dev/null 2>&1; then
  python3 - artifacts/package/"$config_lower"/SupplyChain.Tool*.nupkg <<'PY'
import re, struct, sys, zipfile

def ready_to_run(image):
    pe = struct.unpack_from("<I", image, 0x3C)[0]
    optional = pe + 24
    directories = optional + (96 if struct.unpack_from("<H", image, optional)[0] == 0x10B else 112)
    sections = optional + struct.unpack_from("<H", image, pe + 20)[0]
    cli_rva = struct.unpack_from("<I", image, directories + 14 * 8)[0]
    for i in range(struct.unpack_from("<H", image, pe + 6)[0]):
        size, rva, raw_size, raw = struct.unpack_from("<IIII", image, sections + i * 40 + 8)
        if rva <= cli_rva < rva + max(size, raw_size):
            return struct.unpack_from("<I", image, cli_rva - rva + raw + 68)[0] > 0
    return False

for path in sys.argv[1:]:
    if path.endswith(".cdx.json"):
        continue
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        settings = [n for n in names if n.endswith("/DotnetToolSettings.xml")]
        text = package.read(settings[0]).decode("utf-8-sig") if settings else ""
        rids = re.findall(r'RuntimeIdentifier="([^"]+)"', text)
        dll = [n for n in names if n.endswith("/SupplyChain.Tool.dll")]
        name = path.rsplit("/", 1)[-1]
        if rids:
            print(f"{name}: pointer package, installs one of: {', '.join(rids)}")
        elif dll:
            kind = "ReadyToRun (precompiled)" if ready_to_run(package.read(dll[0])) else "IL (JIT-compiled)"
            print(f"{name}: {dll[0].rsplit('/', 1)[0]}/, {kind}")
PY
fi
