package org.certvpn.onboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A user's bundle in memory: the files that go into the folder and the zip, with the facts the
 * enrollment page shows. Built by {@link BundleBuilder}.
 *
 * @param name the folder name, also the zip's name without {@code .zip}: {@code USER[-DEVICE]-SERIAL8}
 * @param user the user name
 * @param serverAddress what the user types as the server
 * @param caFingerprint SHA-256 of the CA certificate, {@code AB:CD:...}, to compare with what the phone shows
 * @param issued when the user's certificate starts being valid: the time stamp of every zip entry, so
 *     building the same bundle twice gives the same bytes
 * @param files the files, in the order a README lists them
 */
public record ClientBundle(String name, String user, String serverAddress, String caFingerprint, Instant issued,
        List<BundleFile> files) {
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    public ClientBundle {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(caFingerprint, "caFingerprint");
        Objects.requireNonNull(issued, "issued");
        files = List.copyOf(files);
        if (files.stream().map(BundleFile::name).distinct().count() != files.size()) {
            throw new IllegalArgumentException("two bundle files share a name");
        }
    }

    /** The first file with {@code role}. */
    public Optional<BundleFile> file(BundleFile.Role role) {
        return files.stream().filter(f -> f.role() == role).findFirst();
    }

    /** The file named {@code fileName}. */
    public Optional<BundleFile> file(String fileName) {
        return files.stream().filter(f -> f.name().equals(fileName)).findFirst();
    }

    public String zipName() {
        return name + ".zip";
    }

    /** Every file under a folder named {@link #name}, so unpacking makes one folder. */
    public byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            FileTime time = FileTime.from(issued);
            ZipEntry dir = new ZipEntry(name + "/");
            dir.setLastModifiedTime(time);
            zip.putNextEntry(dir);
            zip.closeEntry();
            for (BundleFile f : files) {
                ZipEntry e = new ZipEntry(name + "/" + f.name());
                e.setLastModifiedTime(time);
                zip.putNextEntry(e);
                zip.write(f.contentView());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** Where {@link #writeTo} put the bundle. */
    public record Written(Path folder, Path zip) {}

    /**
     * Writes the folder {@code parent/NAME/} and {@code parent/NAME.zip}, readable by the owner only
     * (they hold the user's key). Files of an earlier run for the same certificate are replaced; they
     * had the same content.
     *
     * @throws IOException when {@code parent} cannot be written, or a path is in the way
     */
    public Written writeTo(Path parent) throws IOException {
        Path folder = parent.resolve(name);
        Files.createDirectories(parent);
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(folder.toString(), null, "exists and is not a directory");
        }
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        }
        for (BundleFile f : files) {
            writePrivate(folder.resolve(f.name()), f.contentView());
        }
        Path zip = parent.resolve(zipName());
        writePrivate(zip, zip());
        return new Written(folder, zip);
    }

    /** Temporary file, then rename: a reader never sees half a file, and an old symlink is replaced, not followed. */
    private static void writePrivate(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        try {
            Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
