#!/usr/bin/env bash
# PayBand Console: the whole test suite, headless. This is the README's test command; .ci/run calls it.
#
# The tests start their own peers (a private D-Bus bus with GNOME Keyring as the Secret Service for
# the OS credential-store tests; separate console processes for the command-line tests; pcscd with
# vsmartcard's vpcd readers and the project's virtual passports for the PC/SC tests) and stop them
# by PID. pcscd's socket and vpcd's ports are machine-wide: one test run per machine at a time. This script makes sure the Debian packages those peers need are installed: as root it
# installs what is missing, otherwise it says what to install. Benchmarks and large data sets are
# excluded (see src/docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

die() { echo "test.sh: $*" >&2; exit 1; }
command -v java >/dev/null || die "Java 17 (JDK) is needed: apt-get install openjdk-17-jdk-headless"
command -v mvn >/dev/null || die "Maven is needed: apt-get install maven"

# Debian packages of the test peers: dbus (dbus-daemon, dbus-send), gnome-keyring (Secret Service);
# the headless window tests (JavaFX on Monocle) render text through FreeType and fontconfig, with
# DejaVu for Latin and fonts-wqy-microhei for Chinese, which the Chinese receipt tests also embed;
# socat makes the virtual serial cable the GA/T 467 reader tests run over; pcscd and vsmartcard-vpcd
# are the PC/SC service and its virtual-reader driver the passport tests read through; cups, its PDF
# printer (printer-driver-cups-pdf) and lpr (cups-bsd, which the JDK prints through) are the print system
# the receipt printing tests print through; postgresql is the server the backend tests run a private
# cluster of (in <module>/target/postgres for the backend's tests and the consoles' two-instance race, on a free
# loopback port, as the postgres user when run as root);
# softhsm2 is the HSM the backend's issuer keeps its keys in through PKCS#11 (a token in backend/target/softhsm).
packages=(dbus gnome-keyring libfreetype6 libfontconfig1 fonts-dejavu-core fonts-wqy-microhei socat pcscd
  vsmartcard-vpcd cups printer-driver-cups-pdf cups-bsd postgresql softhsm2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if [[ " ${missing[*]} " == *" postgresql "* && ! -e /etc/postgresql-common/createcluster.conf ]]; then
      # the tests run a private cluster of their own: Debian's default one would be left running on 5432
      mkdir -p /etc/postgresql-common
      echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    fi
    for attempt in 1 2 3; do
      if apt-get update -qq && apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null; then
        break
      fi
      [[ $attempt -eq 3 ]] && die "could not install ${missing[*]}"
      sleep 10  # another apt may hold the dpkg lock
    done
  else
    die "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
  fi
fi

# The PC/SC tests stop their pcscd, the printing tests their cupsd and the backend tests their PostgreSQL
# when their JVM exits; should the JVM die (killed, crashed), the PID file is left behind and the peer is
# stopped here, by that PID.
peer_pidfiles=(device-drivers/target/pcscd/pcscd.pid console-app/target/cups/cupsd.pid
  backend/target/postgres/postgres.pid console-app/target/postgres/postgres.pid)
stop_test_peers() {
  for pidfile in "${peer_pidfiles[@]}"; do
    if [[ -f $pidfile ]]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
    fi
  done
  rm -f /etc/cups/cups-pdf-PaybandReceiptTest.conf 2>/dev/null || true
}
trap stop_test_peers EXIT
mvn -B -ntp verify "$@"

# What ships is the product only: no class of the tests (helpers, stand-ins such as the fake WLT decoder)
# and no test service registration may end up in the console's jar.
if [[ -f console-app/target/payband.jar ]]; then
  test_classes=$(for d in console-app/target/test-classes device-drivers/target/test-classes device-drivers/band-protocol/target/test-classes; do
    [[ -d $d ]] && (cd "$d" && find com -name '*.class'); done | sort -u)
  shipped=$(jar tf console-app/target/payband.jar | sort -u)
  leaked=$(comm -12 <(echo "$test_classes") <(echo "$shipped"))
  [[ -z $leaked ]] || die "test classes in the shipped jar: $leaked"
  services=$(mktemp -d)
  (cd "$services" && jar xf "$OLDPWD/console-app/target/payband.jar" META-INF/services)
  registered=$(cat "$services"/META-INF/services/* 2>/dev/null | sed 's/#.*//;s/ //g' | tr . / | sed 's/$/.class/' | sort -u)
  rm -rf "$services"
  leaked=$(comm -12 <(echo "$test_classes") <(echo "$registered"))
  [[ -z $leaked ]] || die "a test service registration in the shipped jar: $leaked"
  echo "test.sh: console-app/target/payband.jar holds no test code"
  # TinyB ships as its own jar beside the console's (HostedBleTransport.hostClassPath finds it in lib/): shaded in,
  # it would lose the manifest it checks its natives against
  compgen -G 'console-app/target/lib/bluetooth-manager-tinyb-*.jar' >/dev/null \
    || die "TinyB's jar is missing from console-app/target/lib, where the BLE host looks for it"
  ! grep -q '^tinyb/' <<<"$shipped" || die "TinyB's classes are shaded into payband.jar"
  echo "test.sh: TinyB's own jar is in console-app/target/lib, beside payband.jar"
fi
