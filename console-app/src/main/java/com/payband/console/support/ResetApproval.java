package com.payband.console.support;

import com.payband.band.BandSerial;
import com.payband.console.staff.StaffSession;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An administrator's approval, given at this console ({@link SupportService#approveReset}), of one reset of one band by
 * one support agent. Only the support service makes one; it is used up by the first reset asked with it.
 */
public final class ResetApproval {

    /** How long an approval waits for its reset: the band and the agent are at the desk meanwhile. */
    public static final Duration LIFETIME = Duration.ofMinutes(15);

    private final String approvedBy;
    private final UUID administratorId;
    private final UUID agentId;
    private final BandSerial serial;
    private final Instant approvedAt;
    private boolean used;

    ResetApproval(StaffSession administrator, StaffSession agent, BandSerial serial, Instant approvedAt) {
        this.approvedBy = administrator.username();
        this.administratorId = administrator.staffId();
        this.agentId = agent.staffId();
        this.serial = serial;
        this.approvedAt = approvedAt;
    }

    public String approvedBy() {
        return approvedBy;
    }

    public BandSerial serial() {
        return serial;
    }

    public Instant approvedAt() {
        return approvedAt;
    }

    public synchronized boolean used() {
        return used;
    }

    synchronized boolean validFor(StaffSession agent, BandSerial band, Instant now) {
        return !used && agent.staffId().equals(agentId) && !agent.staffId().equals(administratorId)
                && band.equals(serial) && !now.isBefore(approvedAt) && now.isBefore(approvedAt.plus(LIFETIME));
    }

    /** Uses it up: false when it was used already (two resets racing with one approval). */
    synchronized boolean take() {
        boolean was = used;
        used = true;
        return !was;
    }

    @Override
    public String toString() {
        return "ResetApproval[" + serial + " by " + approvedBy + " at " + approvedAt + (used ? ", used" : "") + "]";
    }
}
