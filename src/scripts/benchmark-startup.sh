#!/usr/bin/env bash
# The start-up benchmark (not part of the test command); see src/docs/benchmarks.md.
#   src/scripts/benchmark-startup.sh [RUNS]     # default 5 fresh JVMs of each, alternating
#   PAYBAND_BENCH_CDS=1 src/scripts/benchmark-startup.sh    # both with class-data sharing, as run.sh starts the window
# Times, from starting `java` to the first rendered frame, the console's sign-in window against a bare
# JavaFX window started the same way (same JVM, flags and classpath; goal <= 1.3x), and, once the store
# has started, pressing "sign in" to a usable home screen (goal <= 300 ms). On Xvfb when it is installed
# (PAYBAND_BENCH_DISPLAY=monocle forces headless Monocle), with the store key in a private GNOME Keyring
# when dbus and gnome-keyring are installed (so the store starts in the background, as on a desktop),
# else (or with PAYBAND_BENCH_KEY=passphrase) passphrase-protected. Everything it starts, it stops by
# PID; its temporary folder is deleted.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvnq() { # Maven, quiet; its output (colour codes and all) only when it fails
  local out
  if ! out=$(mvn -B -ntp -q "$@" 2>&1); then
    printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g' >&2
    return 1
  fi
}
runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/payband-startup.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

await() { # CONDITION-COMMAND WHAT: up to 20 s
  local i
  for ((i = 0; i < 200; i++)); do
    if eval "$1"; then return 0; fi
    sleep 0.1
  done
  echo "benchmark-startup: $2 did not come up within 20 s" >&2
  exit 1
}

# --- build (when the sources are newer than the last build) and the classpath ------------------------
stamp=console-app/target/.benchmark-startup-built
if [[ ! -f $stamp ]] || [[ -n $(find console-app/src device-drivers/src pom.xml console-app/pom.xml device-drivers/pom.xml \
    -newer "$stamp" -print -quit) ]]; then
  echo "building ..." >&2
  mvnq install -DskipTests -pl device-drivers -am   # -am: the parent POM too
  mvnq test-compile -pl console-app
  touch "$stamp"
fi
mvnq dependency:build-classpath -pl console-app -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$work/runtime.cp"
mvnq dependency:build-classpath -pl console-app -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/test.cp"
monocle=$(tr ':' '\n' <"$work/test.cp" | grep '/openjfx-monocle-' | head -1)
# Jars of this build (the console ships as a jar; and a build running meanwhile cannot change them). The
# bare window alone, without the rest of the test classes (their logback-test.xml would change the
# console's logging): both processes get exactly the same classpath.
jar cf "$work/console-app.jar" -C console-app/target/classes .
(cd console-app/target/test-classes && jar cf "$work/bare-window.jar" com/payband/console/ui/BareWindow*.class)
deps=""
for jar in $(tr ':' ' ' <"$work/runtime.cp"); do
  if [[ $jar == */com/payband/* ]]; then cp "$jar" "$work/" && jar="$work/$(basename "$jar")"; fi  # device-drivers
  deps+=":$jar"
done
cp="$work/console-app.jar$deps:$work/bare-window.jar"

# --- display: Xvfb (GTK, as on a desktop) or headless Monocle -----------------------------------------
jvm=()
if command -v Xvfb >/dev/null && [[ ${PAYBAND_BENCH_DISPLAY:-xvfb} != monocle ]]; then
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
  pids+=($!)
  await '[[ -s $work/display ]]' "Xvfb"
  export DISPLAY=":$(head -1 "$work/display")"
  display="Xvfb $DISPLAY, GTK glass"
else
  unset DISPLAY
  jvm+=(-Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw)
  cp="$cp:$monocle"
  display="Monocle headless (no X server; -Dprism.order=sw)"
fi

# --- the store key: a private Secret Service, or a passphrase -----------------------------------------
keyenv=()
if [[ ${PAYBAND_BENCH_KEY:-os} != passphrase && -x /usr/bin/dbus-daemon && -x /usr/bin/gnome-keyring-daemon \
    && -x /usr/bin/dbus-send ]]; then
  mkdir -p "$work/home" "$work/run"
  chmod 700 "$work/run"
  /usr/bin/dbus-daemon --session --nofork --nopidfile --address="unix:path=$work/bus.sock" >"$work/dbus.log" 2>&1 &
  pids+=($!)
  await '[[ -S $work/bus.sock ]]' "the session bus"
  keyenv=(DBUS_SESSION_BUS_ADDRESS="unix:path=$work/bus.sock")
  printf %s "keyring of the start-up benchmark" | env "${keyenv[@]}" HOME="$work/home" XDG_RUNTIME_DIR="$work/run" \
    /usr/bin/gnome-keyring-daemon --foreground --unlock --components=secrets >"$work/keyring.log" 2>&1 &
  pids+=($!)
  await 'env "${keyenv[@]}" /usr/bin/dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"' "GNOME Keyring"
  protection=os
  keying="OS credential store (GNOME Keyring on a private session bus): the store starts in the background"
else
  protection=passphrase
  keying="passphrase (PAYBAND_BENCH_KEY=passphrase, or no dbus/gnome-keyring here): the store starts when \"sign in\" is pressed, so the"
  keying+=" sign-in figure includes the store's start"
fi

# --- a throw-away store --------------------------------------------------------------------------------
data="$work/data"
secrets=(PAYBAND_USER=admin PAYBAND_PASSWORD="start-up benchmark password 1" PAYBAND_PASSPHRASE="start-up benchmark passphrase 1")
env "${keyenv[@]}" "${secrets[@]}" java -cp "$cp" com.payband.console.Launcher admin init --user admin \
  --data-dir "$data" --key-protection "$protection" >"$work/init.log" 2>&1 \
  || { echo "benchmark-startup: admin init failed:" >&2; cat "$work/init.log" >&2; exit 1; }

# --- class-data sharing as run.sh uses it (PAYBAND_BENCH_CDS=1): one training start of the console records
# its classes; both windows are then started with that archive ---------------------------------------------
sharing="none (PAYBAND_BENCH_CDS=1: both windows with the console's archive, as run.sh starts it)"
if [[ -n ${PAYBAND_BENCH_CDS:-} ]]; then
  env "${keyenv[@]}" "${secrets[@]}" timeout 180 java "${jvm[@]}" -XX:ArchiveClassesAtExit="$work/window.jsa" \
    -Xlog:cds=off -Xlog:cds+dynamic=off -Dpayband.startupProbe="$work/training.properties" \
    -Dpayband.startupProbe.launchedAt="$(date +%s%N)" -cp "$cp" com.payband.console.Launcher gui --data-dir "$data" \
    >"$work/training.log" 2>&1 && [[ -s $work/window.jsa ]] \
    || { echo "benchmark-startup: the training start for class-data sharing failed:" >&2; tail -30 "$work/training.log" >&2; exit 1; }
  jvm+=(-XX:SharedArchiveFile="$work/window.jsa" -Xshare:on)
  sharing="the console's archive ($(($(stat -c %s "$work/window.jsa") / 1048576)) MB, recorded by one training start), for both windows"
fi

# --- the runs --------------------------------------------------------------------------------------------
prop() { sed -n "s/^$2=//p" "$1" | head -1; }

run() { # KIND NAME: one fresh JVM; leaves $work/NAME.properties
  local kind=$1 out="$work/$2.properties" main launched
  if [[ $kind == bare ]]; then
    main=(com.payband.console.ui.BareWindow)
  else
    main=(com.payband.console.Launcher gui --data-dir "$data")
  fi
  launched=$(date +%s%N)
  if ! env "${keyenv[@]}" "${secrets[@]}" timeout 180 java "${jvm[@]}" -Dpayband.startupProbe="$out" \
      -Dpayband.startupProbe.launchedAt="$launched" -cp "$cp" "${main[@]}" >"$work/$2.log" 2>&1 || [[ ! -s $out ]]; then
    echo "benchmark-startup: the $kind window failed:" >&2
    tail -30 "$work/$2.log" >&2
    exit 1
  fi
  if [[ -n $(prop "$out" problem) ]]; then
    echo "benchmark-startup: the $kind window: $(prop "$out" problem)" >&2
    tail -30 "$work/$2.log" >&2
    exit 1
  fi
}

median() { # [FORMAT]
  sort -g | awk -v f="${1:-%.1f}" '{ v[NR] = $1 } END { printf f, NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "PayBand Console start-up ($(date -u +%F), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1),"
echo "  $(java -version 2>&1 | head -1), $runs fresh JVMs of each, alternating, after one warm-up pair)"
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the runs"
echo "display:   $display"
echo "store key: $keying"
echo "class-data sharing: $sharing"

run bare warmup-bare
run console warmup-console
echo "pipeline:  $(prop "$work/warmup-console.properties" pipeline) (frames timed when $(prop "$work/warmup-console.properties" frame))"
echo "warm-up (not counted): bare $(prop "$work/warmup-bare.properties" firstFrame.ms) ms, console $(prop "$work/warmup-console.properties" firstFrame.ms) ms"
echo
printf '%-4s %12s %14s %14s %16s %19s\n' run "bare frame" "console frame" "store started" "sign-in->home" "sign-in->home data"
for ((i = 1; i <= runs; i++)); do
  run bare "bare-$i"
  run console "console-$i"
  c="$work/console-$i.properties"
  printf '%-4s %9s ms %11s ms %11s ms %13s ms %16s ms\n' "$i" "$(prop "$work/bare-$i.properties" firstFrame.ms)" \
    "$(prop "$c" firstFrame.ms)" "$(prop "$c" store.ready.ms)" "$(prop "$c" signIn.toHome.ms)" "$(prop "$c" signIn.toHomeLoaded.ms)"
done

# CPU time by thread at the first frame, in the run with the median first frame of each kind
median_run() { for ((i = 1; i <= runs; i++)); do echo "$(prop "$work/$1-$i.properties" firstFrame.ms) $i"; done \
  | sort -g | awk -v n="$runs" 'NR == int((n + 1) / 2) { print $2 }'; }
cpu_bare="$(prop "$work/bare-$(median_run bare).properties" firstFrame.cpu.threads)"
cpu_console="$(prop "$work/console-$(median_run console).properties" firstFrame.cpu.threads)"
figures() { for ((i = 1; i <= runs; i++)); do prop "$work/$1-$i.properties" "$2"; done | median; }
bare=$(figures bare firstFrame.ms)
console=$(figures console firstFrame.ms)
store=$(figures console store.ready.ms)
home=$(figures console signIn.toHome.ms)
loaded=$(figures console signIn.toHomeLoaded.ms)
ratio=$(awk -v c="$console" -v b="$bare" 'BEGIN { printf "%.2f", c / b }')
pairs=$(for ((i = 1; i <= runs; i++)); do
  awk -v c="$(prop "$work/console-$i.properties" firstFrame.ms)" -v b="$(prop "$work/bare-$i.properties" firstFrame.ms)" \
    'BEGIN { printf "%.3f\n", c / b }'
done | median %.2f)
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g ? "MET" : "NOT MET") }'; }
echo
echo "median, from starting java (times since launch):"
echo "  first frame, bare JavaFX window:  $bare ms"
echo "  first frame, sign-in window:      $console ms"
echo "  ratio: ${ratio}x   goal <= 1.3x: $(verdict "$ratio" 1.3)"
echo "  (median of the runs' own ratios, each console run against the bare run just before it: ${pairs}x)"
echo "  CPU by thread at the first frame (ms), bare:    $cpu_bare"
echo "  CPU by thread at the first frame (ms), console: $cpu_console"
echo "  store ready (started in the background after the first frame): $store ms"
echo "median, from pressing \"sign in\" ($(prop "$work/console-1.properties" store.start)):"
echo "  home screen drawn:                $home ms"
echo "  home screen drawn with its data:  $loaded ms   goal <= 300 ms: $(verdict "$loaded" 300)"
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) after the runs"
