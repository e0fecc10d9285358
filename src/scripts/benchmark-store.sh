#!/usr/bin/env bash
# The store benchmark (not part of the test command): N customers (default 1,000,000), then lookups
# by full ID number and by full name against a primary-key baseline in the same process. Prints
# figures; see src/docs/benchmarks.md. Needs ~5 GB of free disk for a million customers.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000000}
mvn -B -ntp -q -Pbenchmark test -pl console-app -am -Dtest=StoreBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.customers="$n" -DtrimStackTrace=true \
  | grep -v '^\[' 
