package org.certvpn.pki.ca;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Durable file writes for the store: every file is replaced atomically (temporary file, fsync, rename,
 * fsync of the directory), and every change is a transaction recorded in the journal before any
 * file it touches is written.
 *
 * <p>Commit: (1) check every target directory can be written, creating missing ones; (2) write the
 * journal atomically; this is the commit point; (3) write each file atomically, the index last;
 * (4) delete the journal. A process killed before (2) leaves at most {@code .NAME.tmp} files, which
 * recovery deletes; one killed after (2) leaves a journal, which recovery replays from the start.
 * Replaying writes the same bytes again, so it does not matter how far (3) got.
 */
final class StoreFiles {
    static final int PRIVATE_FILE = 0600;
    static final int PUBLIC_FILE = 0644;
    private static final int DIRECTORY = 0700;
    private static final String PROBE = ".probe.tmp";

    private final Path root;
    private final CrashHook hook;

    StoreFiles(Path root, CrashHook hook) {
        this.root = root;
        this.hook = hook;
    }

    /**
     * Runs one transaction. When it throws before the journal is written, the store is unchanged (any
     * directory it created is removed again); after that, the next open finishes the transaction.
     */
    void commit(List<Journal.Write> writes) throws CaException {
        List<Path> created = new ArrayList<>();
        try {
            for (Path dir : targetDirectories(writes)) {
                ensureWritableDirectory(dir, created);
            }
            writeAtomically(root.resolve(CaLayout.JOURNAL), Journal.format(writes), PRIVATE_FILE, CaLayout.JOURNAL);
        } catch (IOException e) {
            removeCreated(created);
            throw new CaException("cannot write the CA store " + root + ": " + describe(e), e);
        }
        try {
            apply(writes);
        } catch (IOException e) {
            throw new CaException("writing the CA store " + root + " failed after the change was recorded ("
                    + describe(e) + "); the next ca command finishes it", e);
        }
    }

    /** Replays a journal left by an interrupted transaction and removes temporary files; true if it replayed. */
    boolean recover() throws CaException {
        Path journal = root.resolve(CaLayout.JOURNAL);
        boolean replayed = false;
        try {
            if (Files.exists(journal, LinkOption.NOFOLLOW_LINKS)) {
                List<Journal.Write> writes;
                try {
                    writes = Journal.parse(Files.readAllBytes(journal));
                } catch (StoreFormatException e) {
                    throw new CaException("corrupt CA store " + root + ": journal " + e.getMessage()
                            + "; move it away only after checking the index against certs/");
                }
                apply(writes);
                replayed = true;
            }
            deleteStaleTemporaryFiles();
        } catch (IOException e) {
            throw new CaException("cannot recover the CA store " + root + ": " + describe(e), e);
        }
        return replayed;
    }

    boolean hasJournal() {
        return Files.exists(root.resolve(CaLayout.JOURNAL), LinkOption.NOFOLLOW_LINKS);
    }

    private void apply(List<Journal.Write> writes) throws IOException {
        for (Journal.Write w : writes) {
            Path target = root.resolve(w.path());
            Files.createDirectories(target.getParent(), dirAttribute());
            writeAtomically(target, w.content(), w.mode(), w.path());
        }
        hook.reached("applied");
        Files.delete(root.resolve(CaLayout.JOURNAL));
        fsyncDirectory(root);
        hook.reached("done");
    }

    private void writeAtomically(Path target, byte[] content, int mode, String label) throws IOException {
        writeAtomically(target, content, mode, hook, label);
    }

    /** Replaces {@code target} with {@code content} so that a reader sees the old or the new file, never a mix. */
    static void writeAtomically(Path target, byte[] content, int mode, CrashHook hook, String label) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Set<PosixFilePermission> perms = permissions(mode);
        try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(perms))) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.setPosixFilePermissions(tmp, perms); // the umask may have narrowed the mode asked for at creation
        hook.reached("temp:" + label);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(dir);
        hook.reached("write:" + label);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private Set<Path> targetDirectories(List<Journal.Write> writes) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(root);
        for (Journal.Write w : writes) {
            dirs.add(root.resolve(w.path()).getParent());
        }
        return dirs;
    }

    private void ensureWritableDirectory(Path dir, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.addFirst(p); // stops at the store's root, which exists
        }
        for (Path p : missing) {
            Files.createDirectory(p, dirAttribute());
            created.add(p);
            Files.setPosixFilePermissions(p, permissions(DIRECTORY));
        }
        Path probe = dir.resolve(PROBE);
        Files.deleteIfExists(probe);
        Files.createFile(probe);
        Files.delete(probe);
    }

    private static void removeCreated(List<Path> created) {
        for (Path p : created.reversed()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: an empty directory left behind holds nothing of the store
            }
        }
    }

    /** Temporary files are named {@code .NAME.tmp}; store names never start with a dot. */
    private void deleteStaleTemporaryFiles() throws IOException {
        List<Path> stale;
        try (Stream<Path> walk = Files.walk(root, 4)) {
            stale = walk.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            }).toList();
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        return perms;
    }

    static FileAttribute<Set<PosixFilePermission>> dirAttribute() {
        return PosixFilePermissions.asFileAttribute(permissions(DIRECTORY));
    }

    /** The reason an I/O call failed, in words an admin can act on. */
    static String describe(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> a.getFile() + ": permission denied";
            case NoSuchFileException n -> n.getFile() + ": no such file or directory";
            case NotDirectoryException n -> n.getFile() + ": not a directory";
            case FileAlreadyExistsException f -> f.getFile() + ": already exists";
            case FileSystemException f when f.getReason() != null -> f.getFile() + ": " + f.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
