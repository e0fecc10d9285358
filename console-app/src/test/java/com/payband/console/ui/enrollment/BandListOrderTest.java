package com.payband.console.ui.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.ui.enrollment.EnrollmentViewModel.BandRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live band list does not move rows under the clerk's pointer as signals change. */
class BandListOrderTest {

    private static BandRow row(String serial, int rssi) {
        return new BandRow(new BandSerial(serial), BandState.FACTORY, 80, rssi, false);
    }

    @Test
    void theFirstScanIsNearestFirstThenRowsStayWhereTheyAre() {
        List<BandRow> first = EnrollmentViewModel.keepOrder(List.of(),
                List.of(row("PB100003", -79), row("PB100001", -42), row("PB100002", -61)));
        assertThat(first).extracting(r -> r.serial().value()).containsExactly("PB100001", "PB100002", "PB100003");

        // a second later the far band is the strongest and the near one faded: nothing moves, the signals change
        List<BandRow> next = EnrollmentViewModel.keepOrder(first,
                List.of(row("PB100003", -40), row("PB100001", -70), row("PB100002", -61)));
        assertThat(next).extracting(r -> r.serial().value()).containsExactly("PB100001", "PB100002", "PB100003");
        assertThat(next).extracting(BandRow::rssi).containsExactly(-70, -61, -40);

        // one no longer heard goes, new ones come at the end, nearest first
        List<BandRow> later = EnrollmentViewModel.keepOrder(next,
                List.of(row("PB100003", -40), row("PB700001", -80), row("PB100001", -70), row("PB400001", -50)));
        assertThat(later).extracting(r -> r.serial().value())
                .containsExactly("PB100001", "PB100003", "PB400001", "PB700001");
    }
}
