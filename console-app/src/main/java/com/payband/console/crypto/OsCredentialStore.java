package com.payband.console.crypto;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import java.util.Locale;
import java.util.Optional;

/** {@link CredentialStore} on java-keyring: Secret Service, Windows Credential Manager, macOS Keychain. */
public final class OsCredentialStore implements CredentialStore {

    @Override
    public boolean available() {
        if (noSessionBus()) {
            return false;
        }
        try (Keyring keyring = Keyring.create()) {
            return keyring != null;
        } catch (BackendNotSupportedException | RuntimeException e) {
            return false;
        } catch (Exception e) {
            // Keyring.close() declares Exception
            return false;
        }
    }

    /** Without a session bus the Secret Service client would go looking for one; Linux only asks where one is. */
    private static boolean noSessionBus() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && System.getenv("DBUS_SESSION_BUS_ADDRESS") == null;
    }

    @Override
    public Optional<String> read(String account) throws CredentialStoreException {
        if (noSessionBus()) {
            throw new CredentialStoreException("no session bus (DBUS_SESSION_BUS_ADDRESS)", null);
        }
        try (Keyring keyring = Keyring.create()) {
            return Optional.ofNullable(keyring.getPassword(SERVICE, account));
        } catch (PasswordAccessException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw new CredentialStoreException("credential store unavailable", e);
        }
    }

    @Override
    public void write(String account, String secret) throws CredentialStoreException {
        if (noSessionBus()) {
            throw new CredentialStoreException("no session bus (DBUS_SESSION_BUS_ADDRESS)", null);
        }
        try (Keyring keyring = Keyring.create()) {
            keyring.setPassword(SERVICE, account, secret);
        } catch (Exception e) {
            throw new CredentialStoreException("credential store refused the key", e);
        }
    }

    @Override
    public void delete(String account) throws CredentialStoreException {
        try (Keyring keyring = Keyring.create()) {
            keyring.deletePassword(SERVICE, account);
        } catch (PasswordAccessException e) {
            // already gone
        } catch (Exception e) {
            throw new CredentialStoreException("credential store unavailable", e);
        }
    }
}
