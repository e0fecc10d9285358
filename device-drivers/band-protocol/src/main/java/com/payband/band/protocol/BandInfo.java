package com.payband.band.protocol;

import com.payband.band.BandState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * GET_INFO: what a band says about itself, to any session: nothing in it lets anyone act as the owner's
 * phone (the linked phone is named by its key's fingerprint only).
 */
public record BandInfo(BandState state, boolean worn, boolean unlocked, boolean charging, boolean phoneLinked,
        boolean clockSet, int batteryPercent, String firmwareVersion, int hardwareVersion, Duration uptime,
        Instant clock, Optional<PhoneFingerprint> linkedPhone, Optional<UUID> bindingId) {

    public byte[] encode() {
        int flags = (worn ? 1 : 0) | (unlocked ? 2 : 0) | (charging ? 4 : 0) | (phoneLinked ? 8 : 0) | (clockSet ? 16 : 0);
        String[] v = firmwareVersion.split("\\.");
        return new Wire.Writer().u8(state.ordinal()).u8(flags).u8(batteryPercent)
                .u8(Integer.parseInt(v[0])).u8(Integer.parseInt(v[1])).u8(Integer.parseInt(v[2])).u8(hardwareVersion)
                .u32(uptime.getSeconds()).u32(clock.getEpochSecond())
                .bytes(BindAcknowledgement.phoneBytes(linkedPhone)).bytes(Uuids.bytes(bindingId.orElse(Uuids.NONE)))
                .toBytes();
    }

    public static BandInfo decode(byte[] body) throws ProtocolException {
        Wire.Reader r = new Wire.Reader(body);
        int state = r.u8();
        if (state >= BandState.values().length) {
            throw new ProtocolException("unknown band state");
        }
        int flags = r.u8();
        int battery = r.u8();
        String fw = r.u8() + "." + r.u8() + "." + r.u8();
        int hw = r.u8();
        Duration uptime = Duration.ofSeconds(r.u32());
        Instant clock = Instant.ofEpochSecond(r.u32());
        Optional<PhoneFingerprint> phone = BindAcknowledgement.phone(r.bytes(PhoneFingerprint.LENGTH));
        UUID binding = Uuids.of(r.bytes(16));
        r.end();
        return new BandInfo(BandState.values()[state], (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
                (flags & 8) != 0, (flags & 16) != 0, battery, fw, hw, uptime, clock,
                phone,
                binding.equals(Uuids.NONE) ? Optional.empty() : Optional.of(binding));
    }
}
