#!/usr/bin/env bash
# The GA/T 467 reader benchmark (not part of the test command): the driver's overhead per full read
# with zero line time, and a full read at modelled 115200-baud line time against the wire time of the
# same bytes; see src/docs/readers.md. Needs socat (src/scripts/test.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v socat >/dev/null || { echo "benchmark-reader.sh: socat is needed: apt-get install socat" >&2; exit 1; }
reads=${1:-500}
mvn -B -ntp -q -Pbenchmark test -pl device-drivers -am -Dtest=SerialReaderBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.reads="$reads" -DtrimStackTrace=true \
  | grep -v '^\['
