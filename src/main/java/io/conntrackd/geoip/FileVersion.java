package io.conntrackd.geoip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Identifies one version of a file: its inode (file key), modification time and size. Updaters such as
 * geoipupdate write a new file and rename it over the old one, which gives a new inode; an in-place
 * rewrite changes the time or size. Reading it is one stat(2), cheap enough to poll.
 */
record FileVersion(Object fileKey, FileTime modified, long size) {

    /** The version of the file at {@code path} now (following symlinks), or {@code null} if there is none. */
    static FileVersion of(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileVersion(a.fileKey(), a.lastModifiedTime(), a.size());
        } catch (IOException e) {
            return null;
        }
    }
}
