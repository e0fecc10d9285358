package com.payband.drivers.band.ble.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.drivers.band.ble.BleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the console keeps its Bluetooth driver in hand, with hosts that misbehave on purpose (small shell scripts
 * speaking the host's protocol): one that hangs is killed once its request is overdue, one that keeps failing to
 * start is not started again in a tight loop, one that writes garbage is not believed.
 */
class HostSupervisionTest {

    private static final String HELLO = "echo '* HELLO adapter=hci0 address=00:1A:7D:DA:71:13 pid=1 proto=1'";

    @TempDir
    Path dir;

    private HostedBleTransport transport(String script) {
        // no bus there: whatever this machine runs, BlueZ is missing to these hosts' transport
        return new HostedBleTransport(List.of("bash", "-c", script), Map.of("DBUS_SYSTEM_BUS_ADDRESS",
                "unix:path=" + dir.resolve("no-bus")), Optional.empty(), Clock.systemUTC());
    }

    @Test
    void aHostThatStopsAnsweringIsKilledOnceItsRequestIsOverdue() throws Exception {
        List<HostedBleTransport.Health> health = new CopyOnWriteArrayList<>();
        // starts, then reads its requests and never answers (TinyB's thread stuck in a call to a hung BlueZ)
        try (HostedBleTransport t = transport(HELLO + "; cat > /dev/null")) {
            t.onHealth(health::add);
            t.warmUp();
            long hung = t.hostPid().orElseThrow();
            long started = System.nanoTime();
            assertThatThrownBy(() -> t.connect("E1:D7:0B:97:F6:2B", Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(BleException.class,
                            e -> assertThat(e.kind()).isEqualTo(BleException.Kind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ProcessHandle.of(hung).filter(ProcessHandle::isAlive).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ProcessHandle.of(hung).filter(ProcessHandle::isAlive)).as("the hung host was killed").isEmpty();
            // the host is marked dead before its death is told (after its exit code is read): wait for the telling
            while (health.size() < 2 && System.nanoTime() < deadline + Duration.ofSeconds(2).toNanos()) {
                Thread.sleep(20);
            }
            assertThat(health).extracting(HostedBleTransport.Health::event).startsWith(
                    HostedBleTransport.HealthEvent.STARTED, HostedBleTransport.HealthEvent.STOPPED);
            // and a new one is started by itself once the back-off is over, no operation asked for
            while (health.size() < 3 && System.nanoTime() < deadline + Duration.ofSeconds(5).toNanos()) {
                Thread.sleep(20);
            }
            assertThat(health).extracting(HostedBleTransport.Health::event).containsExactly(
                    HostedBleTransport.HealthEvent.STARTED, HostedBleTransport.HealthEvent.STOPPED,
                    HostedBleTransport.HealthEvent.RESTARTED);
            assertThat(t.hostPid()).isPresent().get().isNotEqualTo(hung);
        }
    }

    @Test
    void aHostThatKeepsFailingToStartIsNotStartedInATightLoop() throws Exception {
        Path starts = dir.resolve("starts");
        Files.writeString(starts, "");
        String script = "echo started >> '" + starts + "'; echo '* UNAVAILABLE detail=" + HostProtocol.hexText(
                "no adapter among 0") + " reason=NO_ADAPTER'; exit 75";
        try (HostedBleTransport t = transport(script)) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> t.scan(a -> { })).isInstanceOfSatisfying(BleException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BleException.Kind.ADAPTER_UNAVAILABLE);
                    // refused by the back-off too, the operation hears why the last start failed
                    assertThat(e.reason()).contains("NO_ADAPTER");
                });
            }
            assertThat(Files.readAllLines(starts)).as("one start, then the back-off").hasSize(1);
            Thread.sleep(600);
            assertThatThrownBy(() -> t.scan(a -> { })).isInstanceOfSatisfying(BleException.class,
                    e -> assertThat(e.reason()).contains("NO_ADAPTER"));
            assertThat(Files.readAllLines(starts)).as("tried again after half a second").hasSize(2);
        }
    }

    @Test
    void aHostThatStartsAndDiesAtOnceIsNotRestartedInATightLoopEither() throws Exception {
        Path starts = dir.resolve("short-lives");
        Files.writeString(starts, "");
        // says hello, takes the scan request, and dies (TinyB's natives crashing on their first call)
        String script = "echo started >> '" + starts + "'; " + HELLO + "; read -r id rest; kill -9 $$";
        try (HostedBleTransport t = transport(script)) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> t.scan(a -> { })).isInstanceOf(BleException.class);
            }
            assertThat(Files.readAllLines(starts)).as("a start, its death, then the back-off").hasSize(1);
            Thread.sleep(600);
            assertThatThrownBy(() -> t.scan(a -> { })).isInstanceOf(BleException.class);
            assertThat(Files.readAllLines(starts)).as("tried again after half a second").hasSize(2);
        }
    }

    @Test
    void aCrowdAdvertisingFasterThanTheListenersTakeItCostsBoundedMemory() throws Exception {
        // answers the scan request, reports 20,000 advertisements as fast as a pipe takes them, and one more later
        String script = HELLO + "; read -r id rest; echo \"$id OK\"; i=0; while [ $i -lt 20000 ]; do "
                + "echo \"* ADV addr=C0:10:00:00:00:01 rssi=-50\"; i=$((i+1)); done; sleep 3; "
                + "echo '* ADV addr=C0:10:00:00:00:02 rssi=-40'; cat > /dev/null";
        java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
        List<String> last = new CopyOnWriteArrayList<>();
        try (HostedBleTransport t = transport(script)) {
            try (var scan = t.scan(a -> {
                heard.incrementAndGet();
                last.add(a.address());
                try {
                    slow.await(); // a listener stuck while the crowd goes on
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (heard.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(1500); // the script's 20,000 lines reach the transport meanwhile
                slow.countDown();
                deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!last.contains("C0:10:00:00:00:02") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        }
        // the one the listener was stuck on, those that waited for it, and the late one
        assertThat(heard.get()).as("what waited for the stuck listener was bounded")
                .isLessThanOrEqualTo(1 + HostedBleTransport.MAX_ADVERTISEMENTS_WAITING + 1).isGreaterThan(2);
        assertThat(last).as("the crowd's last device is still heard once there is room").contains("C0:10:00:00:00:02");
    }

    @Test
    void aHostWritingGarbageIsNotBelievedAndItsAnswerIsStillFound() throws Exception {
        // noise before its answer: lines that are not the protocol, an oversized line, an answer to nobody, and
        // refusals of the next two requests before they are asked (ids are counted up from 1)
        String script = HELLO + "; read -r id rest; echo 'GLib-GIO-WARNING: something'; head -c 70000 /dev/zero "
                + "| tr '\\0' 'x'; echo; echo '999 OK'; echo \"$((id + 1)) ERR detail=78 kind=NOT_FOUND\"; "
                + "echo \"$((id + 2)) ERR detail=78 kind=NOT_FOUND\"; echo \"$id OK\"; "
                + "while read -r id rest; do echo \"$id OK\"; done";
        try (HostedBleTransport t = transport(script)) {
            long pid;
            try (var scan = t.scan(a -> { })) {
                pid = t.hostPid().orElseThrow();
            }
            // the early refusals answered no request: the next scan is answered by its own OK, from the same host
            try (var scan = t.scan(a -> { })) {
                assertThat(t.hostPid()).contains(pid);
            }
        }
    }

    /**
     * A link that drops at once can be told lost before the host's answer to CONNECT reaches the console, or just
     * after it, before the console has taken the link: either way the link is lost, never taken for one still up.
     */
    @Test
    void aLinkLostAsItWasMadeIsLostWhicheverTheConsoleHearsFirst() throws Exception {
        String script = HELLO + "; read -r id rest; echo '* LINK_LOST conn=1'; echo \"$id OK conn=1 mtu=247\"; "
                + "read -r id rest; echo \"$id OK conn=2 mtu=247\"; echo '* LINK_LOST conn=2'; "
                + "read -r id rest; echo \"$id OK conn=3 mtu=247\"; "
                + "while read -r id rest; do echo \"$id OK\"; done";
        try (HostedBleTransport t = transport(script)) {
            assertThat(t.connect("E1:D7:0B:97:F6:2B", Duration.ofSeconds(5)).connected())
                    .as("told lost before the answer").isFalse();
            var second = t.connect("E1:D7:0B:97:F6:2B", Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (second.connected() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(second.connected()).as("told lost right after the answer").isFalse();
            assertThat(t.connect("E1:D7:0B:97:F6:2B", Duration.ofSeconds(5)).connected())
                    .as("a link nobody said was lost").isTrue();
        }
    }
}
