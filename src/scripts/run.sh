#!/usr/bin/env bash
# PayBand Console: build the jar if needed and run it. Without arguments it opens the window (simulator
# mode with the sample cards and bands); arguments go to the command line, e.g.
#   src/scripts/run.sh                          the window
#   src/scripts/run.sh --data-dir /tmp/demo     the window on another data folder
#   src/scripts/run.sh --help                   the command line
#   src/scripts/run.sh admin init --user admin
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=console-app/target/payband.jar
# simulator mode runs the reference backend's jar beside it as its demo backend (a child process on loopback,
# data in the data folder's simulator/backend/, stopped with the console)
backend_jar=backend/target/payband-backend.jar
if [[ ! -f $jar || ! -f $backend_jar || ! -d console-app/target/javafx ]] || [[ -n $(find console-app/src device-drivers/src backend/src backend/sync-api/src \
    device-drivers/band-protocol/src -newer "$jar" -print -quit) ]] \
    || [[ -n $(find pom.xml console-app/pom.xml device-drivers/pom.xml backend/pom.xml backend/sync-api/pom.xml \
    device-drivers/band-protocol/pom.xml -newer "$jar" -print -quit) ]]; then
  mvn -B -q -ntp -DskipTests package >&2
fi
export PAYBAND_DEMO_BACKEND=$PWD/$backend_jar
# the window: no arguments, "gui", or nothing but the window's own options (--data-dir DIR, --lang L)
window=true
[[ ${1:-} == gui ]] && shift
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --data-dir|--lang) i=$((i + 1)) ;;
    *) window=false ;;
  esac
done
if $window; then
  if [[ $(uname -s) == Linux && -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    echo "run.sh: no display: the window needs a desktop session (the command line works anywhere: $0 --help)" >&2
    exit 2
  fi
  if command -v fc-list >/dev/null && [[ -z $(fc-list :lang=zh 2>/dev/null) ]]; then
    echo "run.sh: note: no Chinese font installed; Chinese names will not show (Debian: apt-get install fonts-wqy-microhei)" >&2
  fi
  # class-data sharing: the first start records the classes it loads (written as the window closes), later
  # starts map them instead of loading them: the sign-in form ~0.3 s sooner, the store ~1 s (benchmarks.md)
  cds=console-app/target/payband-window.jsa
  if [[ -f $cds && $cds -nt $jar ]]; then
    share=(-XX:SharedArchiveFile="$cds" -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    rm -f "$cds"
    share=(-XX:ArchiveClassesAtExit="$cds" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # JavaFX from the module path, as it supports (the jar holds no JavaFX: see console-app/pom.xml)
  exec java "${share[@]}" --module-path console-app/target/javafx --add-modules javafx.controls -jar "$jar" gui "$@"
fi
# the command line shares its classes the same way, in an archive of its own (a command that opens the store loads
# some 11,000 classes: about a third of its time, benchmarks.md). A command records them when the archive is older
# than the jar, or small (made by one that opened no store, such as --help), under a name of its own moved into place
# once written, so that two commands started at once never map a half-written archive
cds=console-app/target/payband-cli.jsa
quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
if [[ -f $cds && $cds -nt $jar && $(stat -c %s "$cds") -gt 20000000 ]]; then
  exec java -XX:SharedArchiveFile="$cds" "${quiet[@]}" -jar "$jar" "$@"
fi
status=0
java -XX:ArchiveClassesAtExit="$cds.$$" "${quiet[@]}" -jar "$jar" "$@" || status=$?
if [[ -s $cds.$$ ]]; then mv -f "$cds.$$" "$cds"; else rm -f "$cds.$$"; fi
exit $status
