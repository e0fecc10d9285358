package com.payband.console.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.BindingState;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.sync.TestBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two whole stores bind the same factory-new band at the same moment, each through its own instance of the backend
 * in front of one PostgreSQL (as behind a load balancer): the backend decides, exactly one store binds it, the other
 * is told another store bound it and is left with a failed attempt, its band untouched, nothing to reconcile.
 */
class TwoStoresBindRaceTest {

    @TempDir
    Path dir;

    /** One store's attempt: its binding when it won, the reason it was refused otherwise. */
    private record Attempt(ConsoleServices store, Enrolled won, EnrollmentException.Reason refused) {
    }

    @Test
    void exactlyOneOfTwoStoresBindsTheBandThroughTwoBackendInstances() throws Exception {
        try (TestBackend one = TestBackend.onPostgres(dir.resolve("backend"),
                "console_bind_race_" + System.nanoTime());
                TestBackend two = one.secondInstance();
                ConsoleServices storeA = TestStores.create(dir.resolve("store-a"));
                ConsoleServices storeB = TestStores.create(dir.resolve("store-b"))) {
            storeA.backend().register(TestStores.admin(storeA), one.url(), one.code(), "Store A");
            storeB.backend().register(TestStores.admin(storeB), two.url(), two.code(), "Store B");
            StaffSession clerkA = TestStores.staff(storeA, "clerk.a", Role.RETAIL_STAFF);
            StaffSession clerkB = TestStores.staff(storeB, "clerk.b", Role.RETAIL_STAFF);
            List<String> winners = new ArrayList<>();
            List<String> bound = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                // each store's simulator has its own unit of each sample serial: the backend knows bands by serial
                for (String[] round : List.of(new String[] {"PB100001", "ayigul"}, new String[] {"PB100002",
                        "zhang-wei"}, new String[] {"PB100003", "ayigul"})) {
                    BandSerial band = new BandSerial(round[0]);
                    UUID customerA = TestStores.customer(storeA, clerkA, round[1]);
                    UUID customerB = TestStores.customer(storeB, clerkB, round[1]);
                    CustomerPhone phoneA = TestStores.phoneOf(storeA, clerkA, customerA);
                    CustomerPhone phoneB = TestStores.phoneOf(storeB, clerkB, customerB);
                    CyclicBarrier together = new CyclicBarrier(2);
                    Future<Attempt> a = pool.submit(() -> attempt(together, storeA, clerkA, customerA, band, phoneA));
                    Future<Attempt> b = pool.submit(() -> attempt(together, storeB, clerkB, customerB, band, phoneB));
                    List<Attempt> attempts = List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));

                    List<Attempt> won = attempts.stream().filter(t -> t.won() != null).toList();
                    assertThat(won).as(band + ": exactly one store binds it").hasSize(1);
                    Attempt winner = won.get(0);
                    Attempt loser = attempts.stream().filter(t -> t.won() == null).findFirst().orElseThrow();
                    winners.add(winner.store() == storeA ? "A" : "B");
                    assertThat(loser.refused()).as(band + ": the other store is told another store has it")
                            .isEqualTo(EnrollmentException.Reason.BOUND_ELSEWHERE);
                    assertThat(winner.store().lifecycle().latestBindingOfBand(band.value()).orElseThrow().state())
                            .isEqualTo(BindingState.ACTIVE);
                    assertThat(winner.store().simulator().radio().band(band).orElseThrow().state())
                            .isEqualTo(BandState.BOUND);
                    assertThat(loser.store().lifecycle().latestBindingOfBand(band.value()).orElseThrow().state())
                            .isEqualTo(BindingState.FAILED);
                    assertThat(loser.store().simulator().radio().band(band).orElseThrow().state())
                            .as(band + ": the losing store's band was not touched").isEqualTo(BandState.FACTORY);
                    bound.add(winner.won().bindingId().toString());
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(30, TimeUnit.SECONDS); // no attempt left running while the stores close
            }
            // the loser has nothing left to reconcile, and both stores' events reach the backend
            assertThat(storeA.enrollment().reconcilePending(clerkA)).isEmpty();
            assertThat(storeB.enrollment().reconcilePending(clerkB)).isEmpty();
            storeA.sync().push();
            storeB.sync().push();
            assertThat(storeA.sync().status(clerkA).queued()).isZero();
            assertThat(storeB.sync().status(clerkB).queued()).isZero();
            // the backend holds each winner's binding, active once its store said so, whichever instance is asked
            for (String binding : bound) {
                assertThat(one.issuer().binding(binding).orElseThrow().state()).isEqualTo("ACTIVE");
                assertThat(two.issuer().binding(binding).orElseThrow().state()).isEqualTo("ACTIVE");
            }
            System.out.println("bind race winners, round by round: " + winners);
        }
    }

    private static Attempt attempt(CyclicBarrier together, ConsoleServices store, StaffSession clerk, UUID customer,
            BandSerial band, CustomerPhone phone) throws Exception {
        together.await(30, TimeUnit.SECONDS);
        try {
            return new Attempt(store, store.enrollment().enroll(clerk, customer, band, phone, s -> { }), null);
        } catch (EnrollmentException e) {
            return new Attempt(store, null, e.reason());
        }
    }
}
