package com.payband.drivers.idcard.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.ReadRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without the add-opens option the dead context cannot be replaced: the driver says to restart the console. */
class PcscContextTest {

    @Test
    void whenTheContextCannotBeRenewedTheReadSaysToRestartTheConsole() throws Exception {
        PcscContext context = new PcscContext(() -> false);
        context.renew();

        assertThat(context.health()).isEqualTo(PcscContext.Health.RESTART_REQUIRED);
        assertThatThrownBy(context::readers).isInstanceOfSatisfying(PcscServiceException.class,
                e -> assertThat(e.health()).isEqualTo(PcscContext.Health.RESTART_REQUIRED));

        try (PcscReaderWatcher watcher = new PcscReaderWatcher(context, Duration.ofSeconds(1));
                PcscIdCardReader reader = new PcscIdCardReader("Virtual PCD 00 00", context, watcher,
                        new PassiveAuthenticator(CscaTrustList.empty()), Clock.systemUTC())) {
            var key = new com.payband.drivers.idcard.MrzAccessKey("L898902C3", LocalDate.of(1974, 8, 12),
                    LocalDate.of(2030, 1, 1));
            var future = reader.read(ReadRequest.withAccessKey(key), p -> { });
            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(IdCardReadException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.READER_UNAVAILABLE);
                        assertThat(e.reason()).contains(IdCardReadException.Reason.PCSC_RESTART_CONSOLE);
                        assertThat(e.getMessage()).contains("restart the console");
                    });
        }
    }
}
