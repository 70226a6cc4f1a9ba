package io.colortracking.counter.persistence;

import io.agroal.api.AgroalDataSource;
import io.colortracking.common.Serving;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * In the {@link Serving} group: counter-service's reads and its key API need PostgreSQL and
 * nothing else (the readiness check of the whole service also wants the broker and the consumer).
 */
@HealthGroup(Serving.GROUP)
@ApplicationScoped
public class DatabaseServing implements HealthCheck {

    private static final int VALIDATION_SECONDS = 2;

    private final AgroalDataSource dataSource;

    public DatabaseServing(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            return HealthCheckResponse.named("database")
                    .status(connection.isValid(VALIDATION_SECONDS))
                    .build();
        } catch (SQLException e) {
            return HealthCheckResponse.named("database")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
