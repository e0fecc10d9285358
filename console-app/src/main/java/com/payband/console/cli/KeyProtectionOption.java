package com.payband.console.cli;

import com.payband.console.crypto.KeyVault;
import java.util.Locale;

/** {@code --key-protection auto|os|passphrase}. */
final class KeyProtectionOption {

    private KeyProtectionOption() {
    }

    static KeyVault.Protection parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> KeyVault.Protection.AUTO;
            case "os" -> KeyVault.Protection.OS_CREDENTIAL_STORE;
            case "passphrase" -> KeyVault.Protection.PASSPHRASE;
            default -> throw new CliFailure(ExitCode.USAGE, "error.keyProtection.unknown", value);
        };
    }
}
