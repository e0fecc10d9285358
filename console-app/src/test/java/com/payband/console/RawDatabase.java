package com.payband.console;

import com.payband.console.app.ConsoleServices;
import com.payband.console.crypto.Argon2id;
import com.payband.console.crypto.CredentialStore;
import com.payband.console.crypto.DataKey;
import com.payband.console.crypto.KeyVault;
import com.payband.console.store.DatabaseKeys;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The database of a closed store, opened with plain JDBC as an insider holding the data folder and the
 * store key (its passphrase) could: no Hibernate, no audit. Tests use it to tamper with what the
 * console wrote. Without the key nobody gets this far: the file is encrypted (see StoreIntegrityTest).
 */
public final class RawDatabase implements AutoCloseable {

    private final Connection connection;

    private RawDatabase(Connection connection) {
        this.connection = connection;
    }

    /** The store must be closed: closing this connection then closes the database file again. */
    public static RawDatabase open(Path dataFolder) throws Exception {
        return openFile(dataFolder.resolve("db").resolve("payband"), keysOf(dataFolder));
    }

    /** A store's database file that is not encrypted (as versions before 2026-12 wrote it): user payband, no password. */
    public static RawDatabase openPlain(Path dataFolder) throws SQLException {
        return new RawDatabase(DriverManager.getConnection("jdbc:h2:file:" + dataFolder.resolve("db").resolve("payband")
                .toAbsolutePath() + ";IFEXISTS=TRUE", "payband", ""));
    }

    /**
     * Any database file of a store, given without its {@code .mv.db} suffix (a database kept aside or
     * unpacked from a backup), with that store's keys.
     */
    public static RawDatabase openFile(Path base, DatabaseKeys keys) throws SQLException {
        return new RawDatabase(DriverManager.getConnection("jdbc:h2:file:" + base.toAbsolutePath()
                + ";CIPHER=AES;IFEXISTS=TRUE", "payband",
                new String(keys.filePassword()) + " " + new String(keys.userPassword())));
    }

    /**
     * What an insider holding the store key reads: the store's database file and the database of each
     * of its backups, decrypted (in clear, as H2 keeps them) into {@code target}: {@code payband.mv.db}
     * and {@code backup-NAME.mv.db}.
     */
    public static Path decryptedDatabases(Path dataFolder, Path target) throws Exception {
        DatabaseKeys keys = keysOf(dataFolder);
        Files.createDirectories(target);
        Files.copy(dataFolder.resolve("db").resolve("payband.mv.db"), target.resolve("payband.mv.db"));
        try (var backups = Files.list(dataFolder.resolve("backups"))) {
            for (Path backup : backups.filter(b -> b.getFileName().toString().endsWith(".zip")).toList()) {
                try (ZipFile zip = new ZipFile(backup.toFile());
                        InputStream in = zip.getInputStream(zip.getEntry("db/payband.mv.db"))) {
                    Files.copy(in, target.resolve("backup-" + backup.getFileName().toString().replace(".zip", "") + ".mv.db"));
                }
            }
        }
        // one file at a time, each with a fresh copy of the password: H2's tool wipes it after the first
        try (var files = Files.list(target)) {
            for (Path file : files.toList()) {
                Path work = Files.createDirectory(target.resolve(file.getFileName() + ".work"));
                Files.move(file, work.resolve(file.getFileName()));
                org.h2.tools.ChangeFileEncryption.execute(work.toString(), null, "AES", keys.filePassword(), null, true);
                Files.move(work.resolve(file.getFileName()), file);
                Files.delete(work);
            }
        }
        return target;
    }

    /** The database secrets of a store made by {@link TestStores}, from its key unlocked with the test passphrase. */
    public static DatabaseKeys keysOf(Path dataFolder) throws Exception {
        try (DataKey key = new KeyVault(CredentialStore.NONE, Argon2id.MINIMUM).unlock(dataFolder, TestStores.PROMPT)) {
            return ConsoleServices.databaseKeys(key);
        }
    }

    public int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    public long queryLong(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no row: " + sql);
            }
            return rs.getLong(1);
        }
    }

    public String queryString(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no row: " + sql);
            }
            return rs.getString(1);
        }
    }

    public byte[] queryBytes(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no row: " + sql);
            }
            return rs.getBytes(1);
        }
    }

    public boolean tableExists(String table) throws SQLException {
        return queryLong("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = UPPER(?)", table) > 0;
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
