package com.payband.console.crypto;

import java.util.Optional;

/**
 * The operating system's credential store (Secret Service on Linux, Windows Credential Manager with
 * DPAPI, macOS Keychain), which keeps the key that wraps the data key.
 */
public interface CredentialStore {

    String SERVICE = "PayBand Console";

    /** Whether a store is reachable now (on Linux: a Secret Service on the session bus). */
    boolean available();

    Optional<String> read(String account) throws CredentialStoreException;

    void write(String account, String secret) throws CredentialStoreException;

    void delete(String account) throws CredentialStoreException;

    final class CredentialStoreException extends Exception {
        private static final long serialVersionUID = 1L;

        public CredentialStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** For machines and tests without one. */
    CredentialStore NONE = new CredentialStore() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Optional<String> read(String account) {
            return Optional.empty();
        }

        @Override
        public void write(String account, String secret) throws CredentialStoreException {
            throw new CredentialStoreException("no credential store on this machine", null);
        }

        @Override
        public void delete(String account) {
            // nothing stored, nothing to delete
        }
    };
}
