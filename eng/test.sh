#!/usr/bin/env bash
# The whole test suite, as CI runs it: build and pack, unit tests, interop tests, end-to-end tests,
# then one closing line 'N passed, N failed' computed from the TRX files.
source "$(dirname "$0")/common.sh"
require_dotnet
cd "$repo_root"
started=$(date +%s)
dotnet --info | head -n 12
# The DSSE interop test verifies with securesystemslib (Debian's python3-securesystemslib, for /usr/bin/python3).
# Installed where apt-get can; never fatal: without it that one test is skipped.
if ! /usr/bin/python3 -c 'import securesystemslib.signer' >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  step "install python3-securesystemslib"
  sudo_cmd=""
  [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1 && sudo_cmd="sudo -n"
  { $sudo_cmd apt-get install -y -q python3-securesystemslib >/dev/null 2>&1 \
    || { $sudo_cmd apt-get update -q >/dev/null 2>&1 && $sudo_cmd apt-get install -y -q python3-securesystemslib >/dev/null 2>&1; }; } \
    || echo "python3-securesystemslib could not be installed; the securesystemslib interop test will be skipped"
fi
# The blob-storage TUF tests run Azurite (npm, pinned in tests/storage-emulator); the tests install it themselves too,
# this only does it once up front. Without npm they are skipped, except with CI=true, where they fail.
if command -v npm >/dev/null 2>&1; then
  step "install the storage emulator (tests/storage-emulator)"
  (cd tests/storage-emulator && npm ci --no-audit --no-fund --loglevel=error) || echo "npm ci failed in tests/storage-emulator; the blob-storage tests will report it"
fi
VERIFY_FORMAT=1 bash eng/build.sh

results="$repo_root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
run_tests() { # name project filter
  step "tests: $1"
  dotnet test "$2" -c "$configuration" --no-build --nologo --filter "$3" \
    --logger "trx;LogFileName=$1.trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=1
}
run_tests core tests/SupplyChain.Core.Tests/SupplyChain.Core.Tests.csproj "Category!=E2E"
[ -d tests/SupplyChain.Sdk.Tests ] && run_tests sdk tests/SupplyChain.Sdk.Tests/SupplyChain.Sdk.Tests.csproj "Category!=E2E"
[ -d tests/SupplyChain.Tool.Tests ] && run_tests tool tests/SupplyChain.Tool.Tests/SupplyChain.Tool.Tests.csproj "Category!=E2E"
run_tests e2e tests/SupplyChain.Sdk.EndToEnd.Tests/SupplyChain.Sdk.EndToEnd.Tests.csproj "Category=E2E"

step "summary"
python3 - "$results" <<'PY' || status=1
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    # notExecuted stays 0 for xunit's skipped tests: they are counted in total but not in executed.
    skipped += int(counters.get("total", 0)) - int(counters.get("executed", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
PY
echo "CI minutes: $(( ($(date +%s) - started) / 60 ))"
exit $status
