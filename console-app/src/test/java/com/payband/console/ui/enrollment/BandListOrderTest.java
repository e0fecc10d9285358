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

    /**
     * A crowd heard at once fills the list a few rows per redraw (each new row costs the frame that shows it), the
     * nearest first; the band chosen by its serial is listed whatever its rank, and the rest follow at the next redraws.
     */
    @Test
    void aCrowdFillsTheListAFewNearestRowsPerRedrawAndTheChosenBandAlways() {
        List<BandRow> crowd = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            crowd.add(row(String.format("PB2000%02d", i), -40 - i));
        }
        List<BandRow> first = EnrollmentViewModel.keepOrder(List.of(), crowd, 6, new BandSerial("PB200029"));
        assertThat(first).extracting(r -> r.serial().value())
                .containsExactly("PB200000", "PB200001", "PB200002", "PB200003", "PB200004", "PB200005", "PB200029");
        List<BandRow> second = EnrollmentViewModel.keepOrder(first, crowd, 6, null);
        assertThat(second).hasSize(13).extracting(r -> r.serial().value()).startsWith("PB200000")
                .contains("PB200029", "PB200011").doesNotContain("PB200012");
        List<BandRow> all = first;
        for (int redraw = 0; redraw < 5; redraw++) {
            all = EnrollmentViewModel.keepOrder(all, crowd, 6, null);
        }
        assertThat(all).hasSize(30);
    }
}
