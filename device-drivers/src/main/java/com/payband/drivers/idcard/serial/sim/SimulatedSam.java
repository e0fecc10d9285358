package com.payband.drivers.idcard.serial.sim;

import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.serial.CardData;
import com.payband.drivers.idcard.serial.FrameDecoder;
import com.payband.drivers.idcard.serial.ResidentCardText;
import com.payband.drivers.idcard.serial.SamCommand;
import com.payband.drivers.idcard.serial.SamId;
import com.payband.drivers.idcard.serial.SamRequest;
import com.payband.drivers.idcard.serial.SamResponse;
import com.payband.drivers.idcard.serial.SamStatus;
import com.payband.drivers.idcard.sim.SampleDocument;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SAM of a simulated GA/T 467 reader and the card on it: what it answers to each command, with
 * the faults trainers and tests inject. No I/O: {@link SerialReaderSimulator} puts it on a serial line.
 * Thread-safe.
 *
 * <p>Cards are the simulator's sample documents ({@link SampleDocuments}). A resident card is read
 * back field for field; a passport is not a card this reader knows (select answers 0x40); a card whose
 * chip is not genuine fails authentication (read answers 0x32).
 */
public final class SimulatedSam {

    /** The simulator's SAM id: {@code 99.99-…} marks everything read through it as simulated. */
    public static final SamId SIMULATOR_ID = new SamId(SamId.SIMULATOR_AREA, SamId.SIMULATOR_VERSION, 20240101, 1, 467);

    private final Clock clock;
    private final SamId id;
    private final List<Pending> faults = new ArrayList<>();
    // Guarded by this.
    private Card card;
    private boolean found;
    private boolean selected;
    private SamStatus samStatus = SamStatus.OK;
    private Duration thinking = Duration.ZERO;
    private long commands;

    public SimulatedSam(Clock clock) {
        this(clock, SIMULATOR_ID);
    }

    public SimulatedSam(Clock clock, SamId id) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.id = Objects.requireNonNull(id, "id");
    }

    public SamId id() {
        return id;
    }

    /**
     * Places a sample document on the reader.
     *
     * @throws IllegalArgumentException if no sample has that name
     */
    public void insertCard(String sampleName) {
        insertCard(SampleDocuments.byName(sampleName)
                .orElseThrow(() -> new IllegalArgumentException("no sample document named " + sampleName)));
    }

    public void insertCard(SampleDocument sample) {
        place(new Card(sample.document(clock), sample.chipGenuine()));
    }

    /** Places any document, with a genuine chip. */
    public void insertCard(IdDocument document) {
        place(new Card(Objects.requireNonNull(document, "document"), true));
    }

    public synchronized void removeCard() {
        card = null;
        found = false;
        selected = false;
    }

    public synchronized boolean hasCard() {
        return card != null;
    }

    /** Plays {@code fault} on the next answer ({@link SerialFault#CARD_REMOVED_DURING_READ}: on the next read). */
    public void inject(SerialFault fault) {
        inject(fault, fault == SerialFault.CARD_REMOVED_DURING_READ ? SamCommand.READ_TEXT_AND_PHOTO : null, 1);
    }

    /** Plays {@code fault} on the next {@code times} answers to {@code command} (null: to any command). */
    public synchronized void inject(SerialFault fault, SamCommand command, int times) {
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        for (int i = 0; i < times; i++) {
            faults.add(new Pending(fault, command));
        }
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    /** The SAM's own health: {@code SAM_SELF_TEST_FAILED} or {@code SAM_NOT_AUTHORISED} make it answer nothing else. */
    public synchronized void samStatus(SamStatus status) {
        this.samStatus = Objects.requireNonNull(status, "status");
    }

    /** Extra time before every answer: a slow reader (or a weak card). */
    public synchronized void thinking(Duration extra) {
        if (extra.isNegative()) {
            throw new IllegalArgumentException("thinking time must not be negative: " + extra);
        }
        this.thinking = extra;
    }

    /** Commands answered so far. */
    public synchronized long commands() {
        return commands;
    }

    /** What the reader does with a command frame it received intact. */
    public synchronized Reply answer(SamRequest request) {
        commands++;
        Optional<SamCommand> known = SamCommand.of(request.code(), request.parameter());
        SerialFault fault = known.map(this::takeFault).orElse(null);
        if (fault == SerialFault.SILENT) {
            return new Reply(null, null, thinking);
        }
        if (fault == SerialFault.COMMAND_DAMAGED) {
            return new Reply(SamResponse.of(SamStatus.CHECKSUM_ERROR), null, thinking);
        }
        SamResponse response = known.isEmpty() ? SamResponse.of(SamStatus.BAD_COMMAND) : respond(known.get(), fault);
        return new Reply(response, fault, thinking);
    }

    /** What the reader says to a frame that reached it damaged. */
    public synchronized Reply answerDamaged(FrameDecoder.Rejection rejection) {
        commands++;
        SamStatus status = rejection == FrameDecoder.Rejection.BAD_CHECKSUM ? SamStatus.CHECKSUM_ERROR : SamStatus.LENGTH_ERROR;
        return new Reply(SamResponse.of(status), null, thinking);
    }

    private SamResponse respond(SamCommand command, SerialFault fault) {
        if (samStatus != SamStatus.OK) {
            return SamResponse.of(samStatus);
        }
        switch (command) {
            case SAM_STATUS:
            case SET_MAX_RF_FRAME:
                return SamResponse.of(SamStatus.OK);
            case SAM_ID:
                return SamResponse.of(SamStatus.OK, id.encode());
            case FIND_CARD:
                found = card != null;
                selected = false;
                return found ? SamResponse.of(SamStatus.CARD_FOUND, new byte[4]) : SamResponse.of(SamStatus.NO_CARD);
            case SELECT_CARD:
                if (card == null || !found) {
                    return SamResponse.of(SamStatus.SELECT_FAILED);
                }
                if (!(card.document instanceof ResidentIdCard)) {
                    return SamResponse.of(SamStatus.UNKNOWN_CARD_TYPE);
                }
                selected = true;
                return SamResponse.of(SamStatus.OK, new byte[8]);
            case READ_TEXT_AND_PHOTO:
                if (fault == SerialFault.CARD_REMOVED_DURING_READ) {
                    removeCard();
                    return SamResponse.of(SamStatus.READ_FAILED);
                }
                if (card == null || !selected) {
                    return SamResponse.of(SamStatus.READ_FAILED);
                }
                if (!card.chipGenuine) {
                    return SamResponse.of(SamStatus.SAM_REJECTED_CARD);
                }
                ResidentIdCard resident = (ResidentIdCard) card.document;
                return SamResponse.of(SamStatus.OK,
                        new CardData(ResidentCardText.encode(resident), resident.portrait().data()).encode());
            case READ_NEW_ADDRESS:
            case READ_TEXT_PHOTO_AND_FINGERPRINT:
                return SamResponse.of(card == null || !selected ? SamStatus.READ_FAILED : SamStatus.NO_CONTENT);
            default:
                return SamResponse.of(SamStatus.BAD_COMMAND);
        }
    }

    private SerialFault takeFault(SamCommand command) {
        Iterator<Pending> it = faults.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (p.command == null || p.command == command) {
                it.remove();
                return p.fault;
            }
        }
        return null;
    }

    private synchronized void place(Card newCard) {
        card = newCard;
        found = false;
        selected = false;
    }

    /**
     * An answer: the response (null: say nothing), the fault to play on its bytes, and how long the SAM
     * thinks before it starts sending.
     */
    public record Reply(SamResponse response, SerialFault wireFault, Duration thinking) { }

    private record Card(IdDocument document, boolean chipGenuine) {
        @Override
        public String toString() {
            return "Card[withheld]";
        }
    }

    private record Pending(SerialFault fault, SamCommand command) { }
}
