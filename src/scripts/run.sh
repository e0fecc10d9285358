#!/usr/bin/env bash
# PayBand Console: build the jar if needed and run it. Arguments go to the console, e.g.
#   src/scripts/run.sh --help
#   src/scripts/run.sh admin init --user admin
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=console-app/target/payband.jar
if [[ ! -f $jar ]] || [[ -n $(find console-app/src device-drivers/src pom.xml console-app/pom.xml device-drivers/pom.xml -newer "$jar" -print -quit) ]]; then
  mvn -B -q -ntp -DskipTests package >&2
fi
exec java -jar "$jar" "$@"
