package io.colortracking.counter.api;

import io.colortracking.common.Problems;
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
            return Problems.unavailable("The database is unavailable; retry after the indicated delay",
                    Duration.ofSeconds(1));
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

    @ServerExceptionMapper
    public Response other(WebApplicationException e) {
        return Problems.of(e);
    }
}
