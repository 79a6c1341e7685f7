package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reading columns into the types the records use, the same way on H2 and PostgreSQL. */
final class Rows {
    private Rows() {}

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return optInstant(rs, column).orElseThrow(() -> new SQLException("null in " + column));
    }

    static Optional<Instant> optInstant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }

    static Optional<String> optString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    static String string(ResultSet rs, String column) throws SQLException {
        var value = rs.getString(column);
        if (value == null) {
            throw new SQLException("null in " + column);
        }
        return value;
    }

    /** Lists are stored one item a line; items never hold a line break. */
    static List<String> lines(ResultSet rs, String column) throws SQLException {
        var value = string(rs, column);
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\n", -1));
    }

    static String joinLines(List<String> items) {
        for (var item : items) {
            if (item.indexOf('\n') >= 0 || item.isEmpty()) {
                throw new IllegalArgumentException("list item is empty or has a line break: " + item);
            }
        }
        return String.join("\n", items);
    }

    /** An enum constant's name as stored: lower case, as GitHub spells it ({@code in_progress}). */
    static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E decode(Class<E> type, String code) {
        return Enum.valueOf(type, code.toUpperCase(Locale.ROOT));
    }

    static <E extends Enum<E>> Optional<E> optDecode(ResultSet rs, String column, Class<E> type) throws SQLException {
        var value = rs.getString(column);
        return value == null ? Optional.empty() : Optional.of(decode(type, value));
    }

    static <T> @Nullable T orNull(Optional<T> value) {
        return value.orElse(null);
    }

    static <E extends Enum<E>> Optional<E> optDecode(ResultSet rs, int column, Class<E> type) throws SQLException {
        var value = rs.getString(column);
        return value == null ? Optional.empty() : Optional.of(decode(type, value));
    }

    /** Whether a JDBI/JDBC failure is a broken unique or primary key (SQLState 23505 on both databases). */
    static boolean uniqueViolation(Throwable e) {
        for (var t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
