#!/usr/bin/env bash
# The enrollment benchmark (not part of the test command): N enrollments (default 300) with zero
# simulated latency, document read to committed binding; see src/docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-300}
mvn -B -ntp -q -Pbenchmark test -pl console-app -am -Dtest=EnrollmentBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.enrollments="$n" -DtrimStackTrace=true \
  | grep -v '^\['
