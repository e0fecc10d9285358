package org.bluez;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * SIMULATOR: the errors the BlueZ stand-in answers with, named as bluetoothd names them
 * ({@code org.bluez.Error.Failed}, ...). dbus-java names an error after the exception's class, so the classes sit
 * in BlueZ's own namespace; nothing but the stand-in throws them.
 */
public final class Error {

    private Error() {
    }

    public static final class Failed extends DBusExecutionException {
        private static final long serialVersionUID = 1L;

        public Failed(String message) {
            super(message);
        }
    }

    public static final class NotConnected extends DBusExecutionException {
        private static final long serialVersionUID = 1L;

        public NotConnected(String message) {
            super(message);
        }
    }

    public static final class NotPermitted extends DBusExecutionException {
        private static final long serialVersionUID = 1L;

        public NotPermitted(String message) {
            super(message);
        }
    }

    public static final class NotReady extends DBusExecutionException {
        private static final long serialVersionUID = 1L;

        public NotReady(String message) {
            super(message);
        }
    }

    public static final class InvalidArguments extends DBusExecutionException {
        private static final long serialVersionUID = 1L;

        public InvalidArguments(String message) {
            super(message);
        }
    }

    public static final class DoesNotExist extends DBusExecutionException {
        private static final long serialVersionUID = 1L;

        public DoesNotExist(String message) {
            super(message);
        }
    }
}
