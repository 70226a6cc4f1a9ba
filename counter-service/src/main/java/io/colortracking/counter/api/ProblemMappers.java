package io.colortracking.counter.api;

import io.colortracking.common.Problems;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer is a problem detail, the database's absence included. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response database(SQLException e) {
        if (unavailable(e)) {
            LOG.warnf("Request refused, the database is unavailable: %s", e.getMessage());
            return Problems.unavailable(
                    "The database is unavailable; retry after the indicated delay", Duration.ofSeconds(1));
        }
        LOG.errorf(e, "Database error");
        return Problems.of(Response.Status.INTERNAL_SERVER_ERROR, "The request failed on a database error");
    }

    /** Connection errors (SQLState class 08), a server shutting down (57P), or the pool timing out. */
    private static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof java.sql.SQLTransientException
                || (state != null && (state.startsWith("08") || state.startsWith("57P")))
                || state == null;
    }

    /** Hibernate wraps the driver's error: answered like it. */
    @ServerExceptionMapper
    public Response persistence(PersistenceException e) {
        SQLException cause = sqlCause(e);
        return cause != null ? database(cause) : unexpected(e);
    }

    /** A transaction whose commit failed (the database went away meanwhile, typically): nothing changed. */
    @ServerExceptionMapper
    public Response commit(RollbackException e) {
        LOG.warnf("A transaction was rolled back at its commit: %s", e.toString());
        return Problems.unavailable(
                "The database did not commit the change; retry after the indicated delay", Duration.ofSeconds(1));
    }

    private static Response unexpected(Exception e) {
        LOG.errorf(e, "Request failed");
        return Problems.of(Response.Status.INTERNAL_SERVER_ERROR, "The request failed on a database error");
    }

    /** Whether the failure is a unique constraint the database refused (SQLState 23505). */
    static boolean isUniqueViolation(Exception e) {
        SQLException cause = sqlCause(e);
        return cause != null && "23505".equals(cause.getSQLState());
    }

    private static SQLException sqlCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    @ServerExceptionMapper
    public Response other(WebApplicationException e) {
        return Problems.of(e);
    }
}
