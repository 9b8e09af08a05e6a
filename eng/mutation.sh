#!/usr/bin/env bash
# Mutation testing (Stryker.NET, pinned in .config/dotnet-tools.json) of the Core files that decide trust.
# Slow (minutes per file): run by hand or on a schedule, not in .ci/run. See docs/testing.md.
#
#   bash eng/mutation.sh                 # every group below
#   bash eng/mutation.sh integrity tuf   # only these groups (names below)
#   bash eng/mutation.sh --one-run integrity tufclient   # these groups' files in one Stryker run (one mutated build)
#
# Environment: STRYKER_CONCURRENCY (default 1), MUTATION_OUTPUT (default artifacts/mutation), MUTATION_FILES (comma
# separated: mutate only these files of the selected groups, e.g. Packages/ZipDirectory.cs), MUTATION_TEST_FILTER
# (replaces the group's test-case filter, e.g. FullyQualifiedName~SupplyChain.Core.Tests.Packages).
# Prints one table row per file: score = (killed + timeout) / (killed + timeout + survived + no coverage).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_dotnet

concurrency="${STRYKER_CONCURRENCY:-1}"
out_root="${MUTATION_OUTPUT:-$artifacts/mutation}"
test_project_dir="$repo_root/tests/SupplyChain.Core.Tests"
base_config="$repo_root/eng/stryker-config.json"
ns="FullyQualifiedName~SupplyChain.Core.Tests"

# One Stryker run per group (one build and one initial test run for the group's files), with a test-case filter
# that selects only the tests that exercise them: group | files to mutate (relative to src/SupplyChain.Core, comma
# separated) | test-case filter.
groups=(
  "attestations|Attestations/AttestationVerifier.cs,Attestations/DsseEnvelope.cs,Attestations/InTotoStatement.cs|($ns.Attestations&FullyQualifiedName!~OfExactlyTheLimit)"
  "integrity|Packages/ZipDirectory.cs,Packages/PackageContentHash.cs,Pinning/PackageIntegrityCheck.cs,Json/CanonicalJson.cs,Json/StrictJson.cs,Json/StrictJsonReader.cs|($ns.Packages&FullyQualifiedName!~Compute_PackageRestoredByNuGet)|$ns.Pinning|$ns.Json"
  "tufclient|Tuf/Client/TrustedMetadataSet.cs|$ns.Tuf&FullyQualifiedName!~Conformance&FullyQualifiedName!~Blob"
  "tuf|Tuf/Client/DelegationSearch.cs,Tuf/Client/Updater.cs,Tuf/PathPattern.cs,Tuf/LengthAndHashes.cs,Tuf/TargetsMetadataReader.cs,Tuf/TargetFileIndex.cs,Crypto/TufKey.cs|($ns.Tuf&FullyQualifiedName!~Conformance&FullyQualifiedName!~Blob)|$ns.Crypto.TufKey"
  "vulnerabilities|Vulnerabilities/VersionInterval.cs,Vulnerabilities/NuGetVersionValue.cs,Vulnerabilities/OsvReader.cs,Vulnerabilities/VulnerabilityMatcher.cs,Vulnerabilities/VexDocumentReader.cs|$ns.Vulnerabilities"
  "policy|Policy/PolicyEvaluator.cs,Policy/LicenseEvaluator.cs,Policy/PackagePattern.cs|$ns.Policy"
  "sigstore|Attestations/Sigstore/SigstoreVerifier.cs,Attestations/Sigstore/FulcioCertificate.cs,Attestations/Sigstore/MerkleProof.cs,Attestations/Sigstore/SignedCheckpoint.cs,Attestations/Sigstore/Rfc3161Timestamp.cs,Attestations/Sigstore/SigstoreBundleDocument.cs,Attestations/Sigstore/TrustedRoot.cs|$ns.Attestations.Sigstore"
)

selected() { # group name: true when no group was asked for, or this one was
  [ "${#filters[@]}" -eq 0 ] && return 0
  local want
  for want in "${filters[@]}"; do [ "$1" = "$want" ] && return 0; done
  return 1
}
one_run=false
if [ "${1:-}" = "--one-run" ]; then one_run=true; shift; fi
filters=("$@")

# --one-run: the selected groups become one group (their files, their filters joined with |), so the whole Core
# project is mutated and compiled once for all of them (the compile is most of a small run's cost).
if $one_run; then
  all_files="" all_filters=""
  for g in "${groups[@]}"; do
    IFS='|' read -r name files filter <<<"$g"
    selected "$name" || continue
    all_files="${all_files:+$all_files,}$files" all_filters="${all_filters:+$all_filters|}$filter"
  done
  groups=("$(IFS=-; echo "${filters[*]:-all}")|$all_files|$all_filters")
  filters=()
fi

mkdir -p "$out_root"

# Stryker runs the tests by id: a theory whose data differs between processes (a key generated per process) has other
# ids at discovery than at run time, and the initial test run then fails ("unexpected test case"). List the tests
# twice and stop early, naming the cases, when the lists differ.
step "mutation: test ids stable across processes"
dotnet build "$test_project_dir" -c Release -nodeReuse:false -v:q -nologo >/dev/null
for i in 1 2; do
  dotnet test "$test_project_dir" -c Release --no-build --list-tests 2>/dev/null | sort > "$out_root/test-list-$i.txt"
done
if ! diff "$out_root/test-list-1.txt" "$out_root/test-list-2.txt" > "$out_root/test-list.diff"; then
  echo "Test ids differ between two listings (derive theory data deterministically):" >&2
  head -20 "$out_root/test-list.diff" >&2
  exit 1
fi

summary="$out_root/summary.tsv"
: > "$summary"
cd "$repo_root"
dotnet tool restore >/dev/null

for g in "${groups[@]}"; do
  IFS='|' read -r name files filter <<<"$g"
  selected "$name" || continue
  filter="${MUTATION_TEST_FILTER:-$filter}"
  if [ -n "${MUTATION_FILES:-}" ]; then
    files="$(tr ',' '\n' <<<"$files" | grep -Fx -f <(tr ',' '\n' <<<"$MUTATION_FILES") | paste -sd, -)" || continue
  fi
  step "mutation: $name ($files)"
  out="$out_root/$name"
  rm -rf "$out"
  mkdir -p "$out"
  config="$out/stryker-config.json"
  jq --arg files "$files" --arg filter "$filter" \
    '."stryker-config" += {"mutate": ($files | split(",") | map("**/" + .)), "test-case-filter": $filter}' "$base_config" > "$config"
  (cd "$test_project_dir" && dotnet dotnet-stryker --config-file "$config" --concurrency "$concurrency" \
    --output "$out" --skip-version-check) > "$out/stryker.log" 2>&1 || {
    echo "Stryker failed for $name; see $out/stryker.log" >&2
    tail -20 "$out/stryker.log" >&2
    continue
  }
  report="$out/reports/mutation-report.json"
  IFS=',' read -ra file_list <<<"$files"
  for file in "${file_list[@]}"; do
    jq -r --arg file "$file" '
      [.files | to_entries[] | select(.key | endswith($file)) | .value.mutants[]] as $m
      | def n(s): [$m[] | select(.status == s)] | length;
      (n("Killed")) as $k | (n("Timeout")) as $t | (n("Survived")) as $s | (n("NoCoverage")) as $nc
      | ($k + $t + $s + $nc) as $valid
      | [$file, (if $valid == 0 then "n/a" else ((($k + $t) * 1000 / $valid | floor) / 10 | tostring) + " %" end),
         $k, $t, $s, $nc] | @tsv' "$report" | tee -a "$summary"
  done
done

echo
echo "| file | score | killed | timeout | survived | no coverage |"
echo "| --- | --- | --- | --- | --- | --- |"
while IFS=$'\t' read -r f score k t s nc; do
  echo "| \`$f\` | $score | $k | $t | $s | $nc |"
done < "$summary"
