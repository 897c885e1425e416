package io.atrium.command.eventstore;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon when an append failed because another writer took the same aggregate sequence number
 * (a lost race, answered 409) rather than because the database failed. Axon's default resolver
 * reads vendor error-code tables that miss H2's unique-violation code, so on H2 a lost race looked
 * like a storage failure; this one knows the codes of both databases Atrium runs on.
 */
public final class DuplicateKeyResolver implements PersistenceExceptionResolver {

    /** SQL:2011 unique violation (H2, PostgreSQL). */
    private static final String UNIQUE_VIOLATION = "23505";
    /** MySQL/MariaDB ER_DUP_ENTRY and ER_DUP_ENTRY_WITH_KEY_NAME. */
    private static final int MYSQL_DUP_ENTRY = 1062;

    private static final int MYSQL_DUP_ENTRY_WITH_KEY_NAME = 1586;

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        Throwable cause = exception;
        while (cause != null) {
            if (cause instanceof SQLException sql) {
                if (UNIQUE_VIOLATION.equals(sql.getSQLState())
                        || sql.getErrorCode() == MYSQL_DUP_ENTRY
                        || sql.getErrorCode() == MYSQL_DUP_ENTRY_WITH_KEY_NAME) {
                    return true;
                }
            }
            cause = cause.getCause();
        }
        return false;
    }
}
