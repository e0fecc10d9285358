#!/usr/bin/env bash
# The backend's benchmarks (not part of the test command): binds per second with two stores racing through two
# backend instances on one PostgreSQL, the issuer's keys in SoftHSM2; baseline the same number of authenticated
# round trips in the same run. Needs what the test command sets up (postgresql, softhsm2). See src/docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-300}
mvn -B -ntp -q install -DskipTests -pl backend/sync-api,device-drivers/band-protocol
mvn -B -ntp -q -Pbenchmark test -pl backend -Dtest='BindRaceBenchmark' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.binds="$n" -DtrimStackTrace=true \
  | grep -v '^\['
