#!/usr/bin/env bash
# Paired whole-process timing with public tools only: runs command A and command B in turn (A B A B ...), RUNS counted
# pairs after one warm-up pair, each under /usr/bin/time -v, and prints the median, min and max of each one's wall time,
# peak memory and CPU time (user + system, children included), and of the ratios A/B pair by pair (a paired ratio holds
# when a shared machine's speed drifts).
#   source eng/bench/paired.sh; paired_run LABEL RUNS 'COMMAND A' 'COMMAND B'
# The commands are run with 'bash -c'; their output is discarded.
paired_run() {
  local label="$1" runs="$2" a="$3" b="$4" i
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/paired.XXXXXX")"
  for ((i = 0; i <= runs; i++)); do
    for side in A B; do
      local cmd="$a"
      [ "$side" = B ] && cmd="$b"
      local out
      /usr/bin/time -v -o "$log.time" bash -c "$cmd" >/dev/null 2>&1
      out=$(cat "$log.time")
      [ "$i" -eq 0 ] && continue # the warm-up pair
      local wall rss cpu
      wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' <<<"$out" | awk -F: '{ s = 0; for (k = 1; k <= NF; k++) s = s * 60 + $k; print s }')
      rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' <<<"$out")
      cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { print s }' <<<"$out")
      echo "$side $i $wall $rss $cpu" >>"$log"
    done
  done
  python3 - "$label" "$log" <<'PY'
import statistics, sys
label, path = sys.argv[1], sys.argv[2]
rows = [line.split() for line in open(path)]
a = {int(r[1]): (float(r[2]), int(r[3]), float(r[4])) for r in rows if r[0] == "A"}
b = {int(r[1]): (float(r[2]), int(r[3]), float(r[4])) for r in rows if r[0] == "B"}
pairs = sorted(set(a) & set(b))
def fmt(values, unit=""):
    return f"median {statistics.median(values):.3f}{unit} (min {min(values):.3f}, max {max(values):.3f})"
print(f"== {label}: {len(pairs)} pairs")
print("  A wall  " + fmt([a[i][0] for i in pairs], " s"))
print("  B wall  " + fmt([b[i][0] for i in pairs], " s"))
print("  A peak  " + fmt([a[i][1] / 1024 for i in pairs], " MiB"))
print("  B peak  " + fmt([b[i][1] / 1024 for i in pairs], " MiB"))
print("  A cpu   " + fmt([a[i][2] for i in pairs], " s"))
print("  B cpu   " + fmt([b[i][2] for i in pairs], " s"))
print("  A/B wall " + fmt([a[i][0] / b[i][0] for i in pairs if b[i][0] > 0]))
print("  A/B cpu  " + fmt([a[i][2] / b[i][2] for i in pairs if b[i][2] > 0]))
PY
  rm -f "$log" "$log.time"
}

# Writes WORK/Bench.slnx with PROJECTS class libraries (src/P1..PN), each referencing the same three packages: the
# sample solution of the no-op build and pack benchmarks.
#   write_bench_solution WORK PROJECTS
write_bench_solution() {
  local work="$1" projects="$2" i
  echo '<Solution>' > "$work/Bench.slnx"
  for i in $(seq 1 "$projects"); do
    mkdir -p "$work/src/P$i"
    cat > "$work/src/P$i/P$i.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
    <PackageReference Include="System.CommandLine" Version="2.0.0" />
    <PackageReference Include="xunit.assert" Version="2.9.3" />
  </ItemGroup>
</Project>
XML
    echo "namespace P$i; public static class C { public static string S() => Newtonsoft.Json.JsonConvert.SerializeObject($i); }" > "$work/src/P$i/C.cs"
    echo "  <Project Path=\"src/P$i/P$i.csproj\" />" >> "$work/Bench.slnx"
  done
  echo '</Solution>' >> "$work/Bench.slnx"
}
