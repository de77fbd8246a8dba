package org.certvpn.pki.ca;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;

/** The store's lock file, held exclusively for writing (or shared when the store is read-only here). */
record StoreLock(FileChannel channel, FileLock lock, boolean readOnly) {
    static StoreLock acquire(CaLayout layout, Duration wait, boolean readOnlyAllowed) throws CaException {
        Path file = layout.lockFile();
        FileChannel ch;
        boolean readOnly = false;
        try {
            ch = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(StoreFiles.permissions(StoreFiles.PRIVATE_FILE)));
        } catch (FileSystemException e) {
            if (!readOnlyAllowed || !Files.isReadable(file)) {
                throw new CaException("the CA store " + layout.dir() + " is not writable: " + StoreFiles.describe(e), e);
            }
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ);
                readOnly = true;
            } catch (IOException e2) {
                throw new CaException("cannot open " + file + ": " + StoreFiles.describe(e2), e2);
            }
        } catch (IOException e) {
            throw new CaException("cannot open " + file + ": " + StoreFiles.describe(e), e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock l = null;
                try {
                    l = ch.tryLock(0, Long.MAX_VALUE, readOnly);
                } catch (OverlappingFileLockException busyInThisProcess) {
                    l = null;
                }
                if (l != null) {
                    return new StoreLock(ch, l, readOnly);
                }
                if (System.nanoTime() - deadline >= 0) {
                    ch.close();
                    throw new CaException("the CA store " + layout.dir() + " is busy: another ca command holds "
                            + file.getFileName() + "; try again when it has finished");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CaException("cannot lock " + file + ": " + StoreFiles.describe(e), e);
        } catch (InterruptedException e) {
            closeQuietly(ch);
            Thread.currentThread().interrupt();
            throw new CaException("interrupted while waiting for the CA store lock");
        }
    }

    void release() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel below drops the lock anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing left to do with a channel that will not close
        }
    }
}
