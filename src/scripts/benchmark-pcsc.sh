#!/usr/bin/env bash
# The PC/SC read benchmark (not part of the test command): DG1 + DG2 + EF.SOD read through pcscd from
# the virtual passport (a separate process) and passive authentication, first read in a fresh JVM and
# warm reads; see src/docs/readers-pcsc.md. The test starts and stops its own pcscd; the trap stops it
# by PID should the JVM die.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-50}
pidfile=device-drivers/target/pcscd/pcscd.pid
cleanup() { [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null; rm -f "$pidfile"; }
trap cleanup EXIT
mvn -B -ntp -q -Pbenchmark test -pl device-drivers -am -Dtest=PcscReadBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.reads="$n" -DtrimStackTrace=true \
  | grep -v '^\['
