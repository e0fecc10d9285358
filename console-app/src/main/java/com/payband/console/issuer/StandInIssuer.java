package com.payband.console.issuer;

import com.payband.band.BandSerial;
import com.payband.band.protocol.Credential;
import com.payband.band.protocol.PhoneKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * An issuer standing in for the backend's while this console is registered with none. The product ships none: an
 * unregistered console binds nothing (its enrollments wait in the queue until an administrator registers it, and
 * simulator mode registers with its demo backend by itself), so no issuer key ever sits in a console's data folder.
 * The console's own tests plug in a simulated one (SIMULATOR) through {@link ServiceLoader} from their class path.
 */
public interface StandInIssuer extends Issuer {

    /** A credential of a binding made elsewhere, for the band simulator's sample bands "bound elsewhere". */
    Credential foreignCredential(UUID bindingId, BandSerial serial, byte[] secret, PhoneKey phone) throws IssuerException;

    /** Opens a stand-in kept in its own folder (never the console's store). */
    interface Provider {
        StandInIssuer open(Path folder, Clock clock) throws IOException;
    }

    /** The stand-in on this class path, opened in {@code folder}; empty in the product. */
    static Optional<StandInIssuer> find(Path folder, Clock clock) throws IOException {
        for (Provider provider : ServiceLoader.load(Provider.class, StandInIssuer.class.getClassLoader())) {
            return Optional.of(provider.open(folder, clock));
        }
        return Optional.empty();
    }
}
