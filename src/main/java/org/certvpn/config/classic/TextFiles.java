package org.certvpn.config.classic;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import org.certvpn.config.Problems;

/** Reading configuration text with limits, errors pinned to the line that named the file. */
final class TextFiles {
    /** Largest configuration file read; real ones are a few kilobytes. */
    static final long MAX_SIZE = 1 << 20;

    private TextFiles() {}

    /** The file's text, or null after reporting why at {@code refFile:refLine}. */
    static String read(Path path, String refFile, int refLine, Problems problems) {
        try {
            if (Files.isDirectory(path)) {
                problems.error(refFile, refLine, path + ": is a directory, expected a file");
                return null;
            }
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                problems.error(refFile, refLine, path + ": not a regular file");
                return null;
            }
            long size = Files.size(path);
            if (size > MAX_SIZE) {
                problems.error(refFile, refLine, path + ": larger than " + MAX_SIZE + " bytes");
                return null;
            }
            byte[] bytes = Files.readAllBytes(path);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        } catch (NoSuchFileException e) {
            problems.error(refFile, refLine, path + ": no such file");
        } catch (AccessDeniedException e) {
            problems.error(refFile, refLine, path + ": permission denied");
        } catch (IOException e) {
            problems.error(refFile, refLine, path + ": cannot read: " + e.getMessage());
        }
        return null;
    }

    /**
     * The files an include pattern names: a glob in the last component expands to the matching regular
     * files in name order (none is fine, as in openswan); a plain path names one file that must exist.
     */
    static List<Path> expand(Path pattern, String refFile, int refLine, Problems problems) {
        Path name = pattern.getFileName();
        if (name == null) {
            problems.error(refFile, refLine, "include \"" + pattern + "\" names no file");
            return List.of();
        }
        String n = name.toString();
        if (n.indexOf('*') < 0 && n.indexOf('?') < 0 && n.indexOf('[') < 0) {
            if (!Files.exists(pattern)) {
                problems.error(refFile, refLine, pattern + ": no such file");
                return List.of();
            }
            return List.of(pattern);
        }
        Path dir = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try {
            PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + n);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (Files.isRegularFile(p) && m.matches(p.getFileName())) {
                        out.add(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.error(refFile, refLine, "cannot expand include \"" + pattern + "\": " + e.getMessage());
            return List.of();
        }
        out.sort(null);
        return out;
    }

    /** The regular files of a directory in name order; a missing directory is empty. */
    static List<Path> filesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
