#!/usr/bin/env bash
# The sync benchmarks (not part of the test command): N events (default 100,000) queued in the outbox, pushed to
# a real backend over mutual TLS on loopback, baseline the same bodies by a bare HTTPS client loop in the same
# run; and a revocation list of 100,000 entries pulled into an empty console, baseline the same pages fetched
# only; and how long a stolen report takes to reach the issuer and another store; the push once more with the
# backend on PostgreSQL. See src/docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
mvn -B -ntp -q install -DskipTests -pl backend/sync-api,device-drivers/band-protocol,device-drivers,backend
mvn -B -ntp -q -Pbenchmark test -pl console-app -Dtest='SyncPushBenchmark,RevocationPullBenchmark,RevocationLatencyBenchmark' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.events="$n" -DtrimStackTrace=true \
  | grep -v '^\['
# the push again with the backend on its production store: PostgreSQL (Debian's, as the backend's tests run it),
# each commit on disk before it is answered
mvn -B -ntp -q -Pbenchmark test -pl console-app -Dtest='SyncPushBenchmark' -Dbenchmark.backend=postgres \
  -Dpostgres.durable=true -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.events="$n" -DtrimStackTrace=true \
  | grep -v '^\['
