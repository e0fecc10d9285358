package com.payband.console;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The database of a closed store, opened with plain JDBC as anyone holding a copy of the data folder
 * could: no key, no Hibernate, no audit. Tests use it to tamper with what the console wrote.
 */
public final class RawDatabase implements AutoCloseable {

    private final Connection connection;

    private RawDatabase(Connection connection) {
        this.connection = connection;
    }

    /** The store must be closed: closing this connection then closes the database file again. */
    public static RawDatabase open(Path dataFolder) throws SQLException {
        return openFile(dataFolder.resolve("db").resolve("payband"));
    }

    /** Any H2 file, given without its {@code .mv.db} suffix (a database kept aside or unpacked from a backup). */
    public static RawDatabase openFile(Path base) throws SQLException {
        return new RawDatabase(DriverManager.getConnection(
                "jdbc:h2:file:" + base.toAbsolutePath() + ";IFEXISTS=TRUE", "payband", ""));
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
