#!/usr/bin/env bash
# The real PC/SC stack with the project's virtual passport, for demos, staff training and trying the
# console's PC/SC reader by hand:
#   src/scripts/pcsc-peer.sh start [VARIANT]   pcscd (foreground mode, in the background) + a virtual
#                                              passport on "Virtual PCD 00 00"; prints its MRZ and the
#                                              trust folder under which passive authentication is VALID
#   src/scripts/pcsc-peer.sh stop              stops both, by PID
#   src/scripts/pcsc-peer.sh status
# VARIANT: GENUINE (default), TAMPERED_DG1, WRONG_SIGNER, NOT_AN_EMRTD.
#
# The test command does NOT use this script: the PC/SC tests start, restart and stop their own pcscd
# (device-drivers/.../pcsc/Pcscd.java) and fail, saying so, if a pcscd like this one is running.
# pcscd's socket (/run/pcscd) and vpcd's TCP ports 35963/35964 are machine-wide: one at a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=device-drivers/target/pcsc-peer
die() { echo "pcsc-peer.sh: $*" >&2; exit 1; }

stop_pid() { # file
  local f=$1
  [[ -f $f ]] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

case "${1:-}" in
  start)
    variant=${2:-GENUINE}
    command -v pcscd >/dev/null || [[ -x /usr/sbin/pcscd ]] || die "pcscd is missing: apt-get install pcscd vsmartcard-vpcd"
    [[ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ]] || die "vpcd is missing: apt-get install vsmartcard-vpcd"
    if [[ -f /run/pcscd/pcscd.pid ]] && kill -0 "$(cat /run/pcscd/pcscd.pid)" 2>/dev/null; then
      die "a pcscd is already running (PID $(cat /run/pcscd/pcscd.pid)); stop it first"
    fi
    mkdir -p "$dir"
    mvn -B -ntp -q compile -pl device-drivers -am
    mvn -B -ntp -q dependency:build-classpath -pl device-drivers -am -Dmdep.outputFile=target/pcsc-peer/classpath.txt >/dev/null
    PATH=$PATH:/usr/sbin pcscd --foreground --error >>"$dir/pcscd.log" 2>&1 &
    echo $! >"$dir/pcscd.pid"
    for _ in $(seq 100); do [[ -S /run/pcscd/pcscd.comm ]] && break; sleep 0.1; done
    [[ -S /run/pcscd/pcscd.comm ]] || { stop_pid "$dir/pcscd.pid"; die "pcscd did not start, see $dir/pcscd.log"; }
    java -cp "device-drivers/target/classes:$(cat "$dir/classpath.txt")" \
      com.payband.drivers.idcard.pcsc.sim.VirtualPassportMain --state-dir "$dir/card0" --reader 0 \
      --variant "$variant" >>"$dir/card0.log" 2>&1 &
    echo $! >"$dir/card0.pid"
    for _ in $(seq 150); do [[ -f $dir/card0/ready ]] && break; sleep 0.1; done
    [[ -f $dir/card0/ready ]] || { "$0" stop; die "the virtual passport did not start, see $dir/card0.log"; }
    echo "pcscd PID $(cat "$dir/pcscd.pid"); virtual passport ($variant) PID $(cat "$dir/card0.pid") on \"Virtual PCD 00 00\""
    echo "MRZ (type or paste it):"
    cat "$dir/card0/mrz.txt"
    echo "CSCA trust folder: $dir/card0/trust"
    ;;
  stop)
    stop_pid "$dir/card0.pid"
    stop_pid "$dir/pcscd.pid"
    ;;
  status)
    for f in pcscd card0; do
      if [[ -f $dir/$f.pid ]] && kill -0 "$(cat "$dir/$f.pid")" 2>/dev/null; then
        echo "$f: running (PID $(cat "$dir/$f.pid"))"
      else
        echo "$f: not running"
      fi
    done
    ;;
  *)
    echo "usage: $0 start [GENUINE|TAMPERED_DG1|WRONG_SIGNER|NOT_AN_EMRTD] | stop | status" >&2
    exit 2
    ;;
esac
