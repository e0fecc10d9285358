#!/usr/bin/env bash
# PayBand Console: fuzz every parser of outside input for SECONDS each (default 300), one JVM per target,
# then print per target the inputs run, the rate, the coverage reached and what was found.
#
#   src/scripts/fuzz.sh [SECONDS] [TARGET...]     (TARGET: a class such as GaT467FrameFuzzTest; default all)
#
# The test command runs the same targets for 10 s each. Crashing and hanging inputs are written into the
# target's corpus folder (device-drivers/ or backend/src/test/resources/.../<Class>Inputs/<method>/crash-*, timeout-*),
# where every later test run replays them: fix the parser, rename the file for what it shows, commit it.
# The corpus that libFuzzer grows stays in device-drivers/.cifuzz-corpus (not committed).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-300}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: SECONDS must be a whole number above 0" >&2; exit 2; }
shift || true
only=()
if (($#)); then
  only=("-Dtest=$(IFS=,; echo "$*")" -Dsurefire.failIfNoSpecifiedTests=false)
fi
log=device-drivers/target/fuzz.log
mkdir -p device-drivers/target
status=0
mvn -B -ntp -pl backend/sync-api,device-drivers/band-protocol,device-drivers,backend test-compile surefire:test@fuzz -Dfuzz.seconds="$seconds" \
  -Dfuzz.fork.timeout=$((seconds + 300)) "${only[@]}" >"$log" 2>&1 || status=$?
# libFuzzer ends each run with "#N DONE cov: C ft: F corp: K/Sb ... exec/s: R" and "Done N runs in S second(s)"
awk '
  /Running com\.payband/ { split($NF, p, "."); target = p[length(p)]; gsub(/\x1b\[[0-9;]*m/, "", target)
                            cov = ft = corp = "-"; rate = 0 }
  /(DONE|pulse) +cov:/ { for (i = 1; i <= NF; i++) { if ($i == "cov:") cov = $(i + 1); if ($i == "ft:") ft = $(i + 1);
                   if ($i == "corp:") corp = $(i + 1); if ($i == "exec/s:") rate = $(i + 1) } }
  /^Done [0-9]+ runs in/ { printf "%-32s %12d inputs in %5d s  %7d/s  cov %5s  features %5s  corpus %s\n",
                           target, $2, $5, ($5 > 0 ? $2 / $5 : rate), cov, ft, corp }
  /ERROR: libFuzzer: timeout/ { print target ": HANG: an input ran past the per-input timeout" }
  /Test unit written to/ { sub(/.*Test unit written to /, ""); print target ": FINDING kept as " $0 }
' "$log"
echo "fuzz.sh: full output in $log"
exit $status
