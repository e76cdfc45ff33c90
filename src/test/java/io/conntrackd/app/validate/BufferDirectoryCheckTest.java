package io.conntrackd.app.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk buffer directory is checked, never created. Runs as root too: a file is never a writable directory. */
class BufferDirectoryCheckTest {

    @TempDir
    Path dir;

    @Test
    void anExistingWritableDirectoryPasses() throws Exception {
        Path loki = Files.createDirectory(dir.resolve("loki"));

        assertThat(BufferDirectoryCheck.check("loki", loki))
                .isEqualTo(Check.ok("sink.loki.buffer", "the disk buffer directory " + loki + " is writable"));
    }

    @Test
    void aMissingDirectoryPassesWhenItsNearestParentIsWritableAndIsNotCreated() {
        Path missing = dir.resolve("buffer/loki");

        Check check = BufferDirectoryCheck.check("loki", missing);

        assertThat(check.status()).isEqualTo(Status.OK);
        assertThat(check.message()).contains(missing + " does not exist yet; run creates it in " + dir);
        assertThat(dir.resolve("buffer")).doesNotExist();
    }

    @Test
    void aFileWhereTheDirectoryShouldBeFails() throws Exception {
        Path file = Files.writeString(dir.resolve("loki"), "not a directory");

        Check check = BufferDirectoryCheck.check("loki", file);

        assertThat(check.status()).isEqualTo(Status.ERROR);
        assertThat(check.message()).contains(file + " is not a directory this user can write to");
        assertThat(check.hint()).contains("buffer.dir");
    }

    @Test
    void aDirectoryUnderAFileCannotBeCreated() throws Exception {
        Path file = Files.writeString(dir.resolve("buffer"), "not a directory");

        Check check = BufferDirectoryCheck.check("kafka", file.resolve("kafka"));

        assertThat(check).extracting(Check::id, Check::status).containsExactly("sink.kafka.buffer", Status.ERROR);
        assertThat(check.message())
                .contains("run cannot create it: " + file + " is not a directory this user can write to");
    }
}
