package io.colortracking.counter.api;

import io.colortracking.common.Problems;
import io.colortracking.counter.config.CounterConfig;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The operators' credential for the key API: {@code Authorization: Bearer ADMIN_TOKEN}, compared
 * in constant time. Without {@code ADMIN_TOKEN} the key API is disabled (403).
 */
@Singleton
public class AdminToken {

    private final CounterConfig config;

    public AdminToken(CounterConfig config) {
        this.config = config;
    }

    /** Whether the header holds the admin token (and one is configured). */
    public boolean isAdmin(String authorization) {
        return config.adminToken().isPresent() && refusal(authorization) == null;
    }

    /** @return the refusal to answer with, or {@code null} when the header holds the admin token */
    public Response refusal(String authorization) {
        if (config.adminToken().isEmpty()) {
            return Problems.of(
                    Response.Status.FORBIDDEN, "The key API is disabled: start counter-service with ADMIN_TOKEN set");
        }
        String expected = "Bearer " + config.adminToken().get();
        if (authorization == null
                || !MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8),
                        authorization.strip().getBytes(StandardCharsets.UTF_8))) {
            return Response.fromResponse(Problems.of(
                            Response.Status.UNAUTHORIZED, "The key API needs 'Authorization: Bearer <ADMIN_TOKEN>'"))
                    .header("WWW-Authenticate", "Bearer")
                    .build();
        }
        return null;
    }
}
