package com.payband.console.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive operating-system lock on the data folder, held for as long as a console (or a command)
 * has the store open. A second process is told who holds it instead of opening the database and
 * racing the first. The lock dies with its process, so a kill -9 leaves no stale lock behind.
 */
public final class FolderLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static FolderLock acquire(DataFolder folder) throws StoreException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(folder.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(folder);
                channel.close();
                throw new StoreException(StoreException.Reason.IN_USE, holder);
            }
            String me = ProcessHandle.current().pid() + " " + hostName() + " " + Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new FolderLock(channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // reporting the first failure matters more
                }
            }
            throw new StoreException(StoreException.Reason.IO, "cannot lock " + folder.lockFile(), e);
        }
    }

    /** "pid host since", as the holder wrote it; read without the lock, so it may be empty. */
    private static String holder(DataFolder folder) {
        try {
            return Files.readString(folder.lockFile(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
