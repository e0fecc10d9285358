package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's page cache keeps what it holds while the console opens more connections (the pool opens them as
 * screens, the sync and the command line need them): H2 applies a URL's settings again for each new connection, and
 * setting the cache's size empties it, so a long queue was read back from the encrypted file after each new one.
 */
class PageCacheTest {

    @TempDir
    Path dir;

    @Test
    void newConnectionsLeaveTheCacheItsPagesAndItsSize() throws Exception {
        try (ConsoleServices services = TestStores.create(dir.resolve("store"))) {
            for (int chunk = 0; chunk < 4; chunk++) { // a few MB of queued events, then read back
                services.database().runInTransaction(s -> {
                    for (int i = 0; i < 2000; i++) {
                        services.outbox().append(s, "binding.created", java.util.UUID.randomUUID().toString(),
                                Map.of("padding", "x".repeat(400)), true);
                    }
                });
            }
            DataSource pool = services.database().dataSource();
            long held;
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT SUM(LENGTH(payload)) FROM outbox_event")) {
                rs.next();
                assertThat(rs.getLong(1)).isGreaterThan(3_000_000);
                held = setting(c, "info.CACHE_SIZE");
                assertThat(held).as("MB of pages in the cache after reading the queue").isGreaterThanOrEqualTo(3);
                assertThat(setting(c, "info.CACHE_MAX_SIZE")).as("the cache's size (MB): a quarter of the heap, 64-256")
                        .isBetween(64L, 256L);
            }
            List<Connection> more = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) { // more at once than the pool keeps idle: new connections
                    more.add(pool.getConnection());
                }
                assertThat(setting(more.get(more.size() - 1), "info.CACHE_SIZE")).as("MB still cached")
                        .isGreaterThanOrEqualTo(held);
            } finally {
                for (Connection c : more) {
                    c.close();
                }
            }
        }
    }

    private static long setting(Connection c, String name) throws Exception {
        try (var q = c.prepareStatement("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as(name).isTrue();
                return Long.parseLong(rs.getString(1));
            }
        }
    }
}
