#!/usr/bin/env bash
# Takes the screenshots in src/docs/screenshots by driving the real window headless (Monocle): no
# display needed. Needs a CJK font for the Chinese screens (Debian: fonts-wqy-microhei).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -ntp -q install -DskipTests -pl console-app -am
mvn -B -ntp -q test -pl console-app -Dtest=Screenshots -DexcludedTestGroups=none -Dsurefire.failIfNoSpecifiedTests=false
ls -1 src/docs/screenshots
