#!/usr/bin/env bash
# Compares our SBOMs with cdxgen's on the same sample solution (not part of the test suite; needs the NuGet registry
# and npm). Writes a sample solution of three net8.0 projects with 100+ packages (Newtonsoft.Json, System.CommandLine,
# Microsoft.Build.Utilities.Core, NETStandard.Library 1.6.1, xunit and its test stack, BenchmarkDotNet), restores it,
# then measures:
#   - the SBOM generation inside 'dotnet build' (the GenerateCycloneDxSbom task, from MSBuild's performance summary),
#     for the whole solution and for the largest project alone;
#   - 'supplychain sbom' on the solution (project evaluations included);
#   - cdxgen (@cyclonedx/cdxgen, pinned below, installed with npm into the work folder with --omit=optional);
# and prints a table of component counts, dependency edges and wall time, and every package cdxgen lists that we do
# not (or list as not shipping).
#
# Environment: CONFIGURATION (Release), SUPPLYCHAIN_ARTIFACTS (the repository's artifacts/ folder),
# BENCH_WORK (a new temporary folder; kept afterwards for inspection), RUNS (paired runs of 'supplychain sbom' against
# cdxgen after the comparison, 5; 0 for none).
source "$(dirname "$0")/../common.sh"
source "$(dirname "$0")/paired.sh"
require_dotnet
for tool in npm node python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required for this benchmark" >&2; exit 2; }
done

cdxgen_version="12.8.4"
artifacts="${SUPPLYCHAIN_ARTIFACTS:-$repo_root/artifacts}"
work="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/supplychain-sbom-bench.XXXXXX")}"
mkdir -p "$work"
sample="$work/sample"
export NUGET_PACKAGES="$work/.packages"

step "build SupplyChain.Sdk and SupplyChain.Tool ($configuration)"
cd "$repo_root"
dotnet pack src/SupplyChain.Sdk/SupplyChain.Sdk.csproj -c "$configuration" -nodeReuse:false -v:q -nologo "-p:ArtifactsPath=$artifacts" >/dev/null
dotnet build src/SupplyChain.Tool/SupplyChain.Tool.csproj -c "$configuration" -nodeReuse:false -v:q -nologo "-p:ArtifactsPath=$artifacts" >/dev/null
sdk_version=$(sed -n 's:.*<Version Condition="[^"]*">\(.*\)</Version>.*:\1:p' build/Common.props | head -n1)
supplychain=(dotnet "$artifacts/bin/SupplyChain.Tool/$config_lower/SupplyChain.Tool.dll")

step "install cdxgen $cdxgen_version"
mkdir -p "$work/cdxgen"
if [ ! -x "$work/cdxgen/node_modules/.bin/cdxgen" ]; then
  (cd "$work/cdxgen" && echo '{ "private": true }' > package.json \
    && npm install --no-audit --no-fund --omit=optional "@cyclonedx/cdxgen@$cdxgen_version" >/dev/null)
fi
cdxgen="$work/cdxgen/node_modules/.bin/cdxgen"

step "write and restore the sample solution"
rm -rf "$sample"
mkdir -p "$sample/src/Cli" "$sample/src/Bench" "$sample/src/Tests"
cp global.json "$sample/"
write_sample_nuget_config "$sample"
# The registry copy lacks a few exact versions these packages ask for (NU1603), so pinning only warns here.
cat > "$sample/Directory.Build.props" <<XML
<Project>
  <PropertyGroup>
    <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
    <SupplyChainPinning>Warning</SupplyChainPinning>
    <NoWarn>\$(NoWarn);NU1603;NU1701;NU1901;NU1902;NU1903;NU1904</NoWarn>
    <MSBuildWarningsAsMessages>SCSDK1011;SCSDK2501;SCSDK2504</MSBuildWarningsAsMessages>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SupplyChain.Sdk" Version="$sdk_version" PrivateAssets="all" />
  </ItemGroup>
</Project>
XML
cat > "$sample/src/Cli/Cli.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
    <PackageReference Include="System.CommandLine" Version="2.0.0" />
    <PackageReference Include="Microsoft.Build.Utilities.Core" Version="18.9.6" />
    <PackageReference Include="NETStandard.Library" Version="1.6.1" />
  </ItemGroup>
</Project>
XML
cat > "$sample/src/Bench/Bench.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="BenchmarkDotNet" Version="0.14.0" />
  </ItemGroup>
</Project>
XML
cat > "$sample/src/Tests/Tests.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework><IsPackable>false</IsPackable></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
    <PackageReference Include="xunit" Version="2.9.3" />
    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" PrivateAssets="all" />
    <PackageReference Include="coverlet.collector" Version="6.0.4" PrivateAssets="all" />
    <ProjectReference Include="../Cli/Cli.csproj" />
    <ProjectReference Include="../Bench/Bench.csproj" />
  </ItemGroup>
</Project>
XML
echo 'System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(1));' > "$sample/src/Cli/Program.cs"
echo 'System.Console.WriteLine(typeof(BenchmarkDotNet.Running.BenchmarkRunner));' > "$sample/src/Bench/Program.cs"
echo 'namespace Tests; public class T { [Xunit.Fact] public void F() { } }' > "$sample/src/Tests/T.cs"
(cd "$sample" && dotnet new sln -n Sample --format sln >/dev/null && dotnet sln Sample.sln add src/Cli/Cli.csproj src/Bench/Bench.csproj src/Tests/Tests.csproj >/dev/null)
dotnet restore "$sample/Sample.sln" -nodeReuse:false -v:q -nologo >/dev/null

now_ms() { date +%s%3N; }
task_ms() { # the GenerateCycloneDxSbom line of MSBuild's task performance summary: "  123 ms  GenerateCycloneDxSbom  3 calls"
  sed -n 's/^ *\([0-9]*\) ms  *GenerateCycloneDxSbom .*/\1/p' "$1" | tail -n1
}

step "dotnet build (SBOMs written by the build)"
dotnet build "$sample/Sample.sln" --no-restore -nodeReuse:false -nologo -clp:PerformanceSummary > "$work/build.log"
build_task_ms=$(task_ms "$work/build.log")
rm -f "$sample"/src/Tests/obj/Debug/net8.0/Tests.cdx.json
dotnet build "$sample/src/Tests/Tests.csproj" --no-restore --no-dependencies -nodeReuse:false -nologo -clp:PerformanceSummary > "$work/build-tests.log"
tests_task_ms=$(task_ms "$work/build-tests.log")

step "supplychain sbom"
rm -rf "$work/ours"
start=$(now_ms)
"${supplychain[@]}" sbom "$sample/Sample.sln" --out "$work/ours/" > "$work/ours.log"
ours_ms=$(( $(now_ms) - start ))

step "cdxgen"
start=$(now_ms)
FETCH_LICENSE=false CDXGEN_NO_BANNER=true "$cdxgen" -t dotnet --spec-version 1.6 -o "$work/cdxgen.json" "$sample" > "$work/cdxgen.log" 2>&1
cdxgen_ms=$(( $(now_ms) - start ))

step "comparison"
python3 - "$work" "$ours_ms" "$cdxgen_ms" "$build_task_ms" "$tests_task_ms" <<'PY'
import glob, json, os, sys
work, ours_ms, cdxgen_ms, build_ms, tests_ms = sys.argv[1], *sys.argv[2:]

PROJECTS = {"cli", "bench", "tests", "sample"}

def key(ref):
    # pkg:nuget/Name@Version, case-insensitive as NuGet ids are; qualifiers dropped.
    return ref.split("?")[0].split("#")[0].lower() if ref else ref

def is_package(k):
    # The sample's own projects are named differently by each tool (cdxgen: pkg:nuget/cli@latest); compare packages.
    return bool(k) and k.startswith("pkg:nuget/") and k[len("pkg:nuget/"):].split("@")[0] not in PROJECTS

def load(paths):
    components, edges, excluded = {}, set(), set()
    for path in paths:
        bom = json.load(open(path))
        refs = {c.get("bom-ref"): key(c.get("purl") or c.get("bom-ref")) for c in bom.get("components", [])}
        subject = bom.get("metadata", {}).get("component", {})
        refs[subject.get("bom-ref")] = key(subject.get("purl") or subject.get("bom-ref"))
        for c in bom.get("components", []):
            k = key(c.get("purl") or c.get("bom-ref"))
            if is_package(k):
                components[k] = c
                if c.get("scope") == "excluded":
                    excluded.add(k)
        for d in bom.get("dependencies", []):
            src = refs.get(d["ref"], key(d["ref"]))
            for t in d.get("dependsOn", []):
                dst = refs.get(t, key(t))
                if is_package(src) and is_package(dst):
                    edges.add((src, dst))
    # A package that ships from any project ships.
    shipped_somewhere = {k for k in components if k not in excluded}
    return components, edges, excluded - shipped_somewhere

ours, ours_edges, ours_excluded = load(sorted(glob.glob(os.path.join(work, "ours", "*.cdx.json"))))
theirs, theirs_edges, _ = load([os.path.join(work, "cdxgen.json")])
tests = json.load(open(glob.glob(os.path.join(work, "ours", "Tests*.cdx.json"))[0]))

rows = [
    ("package components (unique purls)", len(ours), len(theirs)),
    ("  in both", len(set(ours) & set(theirs)), len(set(ours) & set(theirs))),
    ("  of which scope excluded", len(ours_excluded), "-"),
    ("package-to-package edges", len(ours_edges), len(theirs_edges)),
    ("  in both", len(ours_edges & theirs_edges), len(ours_edges & theirs_edges)),
    ("wall time, whole solution (ms)", ours_ms, cdxgen_ms),
]
print(f"{'':40} {'supplychain sbom':>18} {'cdxgen':>10}")
for name, a, b in rows:
    print(f"{name:40} {a!s:>18} {b!s:>10}")
print()
print(f"SBOM task inside 'dotnet build', 3 projects: {build_ms} ms")
print(f"SBOM task inside 'dotnet build', Tests alone ({len(tests['components'])} components): {tests_ms} ms")
print()
missing = sorted(set(theirs) - set(ours))
print(f"cdxgen lists {len(missing)} package(s) we do not:" + ("" if missing else " none"))
for k in missing:
    print("  " + k)
extra = sorted(set(ours) - set(theirs))
print(f"we list {len(extra)} package(s) cdxgen does not:" + ("" if extra else " none"))
for k in extra:
    print("  " + k + ("  (excluded)" if k in ours_excluded else ""))
print(f"edges only cdxgen has: {len(theirs_edges - ours_edges)}; edges only we have: {len(ours_edges - theirs_edges)}")
PY
runs="${RUNS:-5}"
if [ "$runs" -gt 0 ]; then
  step "paired runs: supplychain sbom / cdxgen"
  paired_run "supplychain sbom of the solution / cdxgen" "$runs" \
    "rm -rf '$work/ours-paired' && ${supplychain[*]} sbom '$sample/Sample.sln' --out '$work/ours-paired/'" \
    "FETCH_LICENSE=false CDXGEN_NO_BANNER=true '$cdxgen' -t dotnet --spec-version 1.6 -o '$work/cdxgen-paired.json' '$sample'"
fi

echo
echo "Work folder (kept): $work"
