#!/usr/bin/env bash
# The sync benchmarks (not part of the test command): N events (default 100,000) queued in the outbox, pushed to
# a real backend over mutual TLS on loopback, baseline the same bodies by a bare HTTPS client loop in the same
# run; and a revocation list of 100,000 entries pulled into an empty console, baseline the same pages fetched
# only; and how long a stolen report takes to reach the issuer and another store. See src/docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
mvn -B -ntp -q install -DskipTests -pl backend/sync-api,device-drivers/band-protocol,device-drivers,backend
mvn -B -ntp -q -Pbenchmark test -pl console-app -Dtest='SyncPushBenchmark,RevocationPullBenchmark,RevocationLatencyBenchmark' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.events="$n" -DtrimStackTrace=true \
  | grep -v '^\['
