#!/usr/bin/env bash
# The import benchmark (not part of the test command): a list of N stolen bands (default 10,000) checked as a
# dry run, imported, and imported again, against the same text only read and split. See src/docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
mvn -B -ntp -q install -DskipTests -pl backend/sync-api,device-drivers/band-protocol,device-drivers,backend
mvn -B -ntp -q -Pbenchmark test -pl console-app -Dtest=RevocationImportBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.lines="$n" -DtrimStackTrace=true \
  | grep -v '^\['
