package io.conntrackd.geoip;

import static io.conntrackd.geoip.TestDatabases.BERLIN;
import static io.conntrackd.geoip.TestDatabases.HAMBURG;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Location;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database file replaced on disk, the way updaters replace it (write beside, rename over). */
class GeoIpReloadTest {

    static final IpAddress LOOPBACK = IpAddress.parse("127.0.0.1");

    @TempDir
    Path dir;

    private Path database;
    private GeoIpLocator locator;

    @BeforeEach
    void open() throws Exception {
        database = Files.copy(TestDatabases.city(), dir.resolve("GeoLite2-City.mmdb"));
        locator = GeoIpLocator.open(database, null, 4096);
    }

    @AfterEach
    void close() {
        locator.close();
    }

    /** Writes {@code source} beside the database and renames it over the database, as geoipupdate does. */
    static void replace(Path database, Path source) throws Exception {
        Path temporary = database.resolveSibling(database.getFileName() + ".tmp");
        Files.copy(source, temporary, REPLACE_EXISTING);
        Files.move(temporary, database, ATOMIC_MOVE, REPLACE_EXISTING);
    }

    @Test
    void anUnchangedFileIsNotReloaded() {
        assertThat(locator.reloadIfChanged()).isFalse();
        assertThat(locator.locate(LOOPBACK)).isEqualTo(BERLIN);
    }

    @Test
    void aReplacedFileIsUsedAfterTheNextCheckNotHiddenByTheCache() throws Exception {
        assertThat(locator.locate(LOOPBACK)).isEqualTo(BERLIN);
        replace(database, TestDatabases.cityV2());
        assertThat(locator.locate(LOOPBACK)).as("before the check").isEqualTo(BERLIN);
        assertThat(locator.reloadIfChanged()).isTrue();
        assertThat(locator.locate(LOOPBACK)).isEqualTo(HAMBURG);
        assertThat(locator.reloadIfChanged()).as("the same file again").isFalse();
    }

    @Test
    void aBrokenReplacementIsIgnoredUntilAGoodOneArrives() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage"), new byte[] {1, 2, 3});
        replace(database, garbage);
        assertThat(locator.reloadIfChanged()).isFalse();
        assertThat(locator.reloadIfChanged()).as("tried once per replacement").isFalse();
        assertThat(locator.locate(LOOPBACK)).isEqualTo(BERLIN);

        replace(database, TestDatabases.cityV2());
        assertThat(locator.reloadIfChanged()).isTrue();
        assertThat(locator.locate(LOOPBACK)).isEqualTo(HAMBURG);
    }

    @Test
    void aReplacementOfTheWrongKindIsIgnored() throws Exception {
        replace(database, TestDatabases.asn());
        assertThat(locator.reloadIfChanged()).isFalse();
        assertThat(locator.locate(LOOPBACK)).isEqualTo(BERLIN);
    }

    @Test
    void aDeletedFileKeepsTheLoadedDatabaseInUse() throws Exception {
        Files.delete(database);
        assertThat(locator.reloadIfChanged()).isFalse();
        assertThat(locator.locate(LOOPBACK)).isEqualTo(BERLIN);
    }

    @Test
    void lookupsRunningDuringSwapsAllGetAnAnswer() throws Exception {
        locator.close();
        locator = GeoIpLocator.open(database, null, 0); // no cache: every lookup reads the file being swapped
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong lookups = new AtomicLong();
        AtomicReference<Location> wrong = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    Location l = locator.locate(LOOPBACK);
                    if (!BERLIN.equals(l) && !HAMBURG.equals(l)) {
                        wrong.compareAndSet(null, l == null ? Location.UNKNOWN : l);
                    }
                    lookups.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        int swaps = 0;
        for (int i = 0; i < 40; i++) {
            replace(database, i % 2 == 0 ? TestDatabases.cityV2() : TestDatabases.city());
            if (locator.reloadIfChanged()) {
                swaps++;
            }
            Thread.sleep(2);
        }
        running.set(false);
        for (Thread t : threads) {
            t.join(10_000);
            assertThat(t.isAlive()).as("a lookup thread ended").isFalse();
        }
        assertThat(swaps).isEqualTo(40);
        assertThat(lookups.get()).isGreaterThan(40);
        assertThat(wrong.get()).as("a lookup without the expected answer").isNull();
        assertThat(locator.failedLookups()).isZero();
        assertThat(locator.locate(LOOPBACK)).isEqualTo(BERLIN); // the 40th swap put v1 back
    }
}
