package io.colortracking.counter.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.colortracking.common.Problems;
import io.colortracking.counter.keys.KeyStore;
import io.colortracking.events.ApiKey;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * Key management, for operators: {@code Authorization: Bearer ADMIN_TOKEN}. Each change is
 * committed only once it is on the {@code api_keys} topic, from which every service learns it.
 * A deleted key is revoked, not forgotten: its counts stay, and its name cannot be taken again.
 */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    private static final Logger LOG = Logger.getLogger(KeysResource.class);
    private static final int DEFAULT_RATE = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    public record KeyList(@JsonProperty("keys") List<ApiKey> keys) {}

    private final KeyStore store;
    private final AdminToken admin;
    private final CreateKeyReader reader;

    public KeysResource(KeyStore store, AdminToken admin, CreateKeyReader reader) {
        this.store = store;
        this.admin = admin;
        this.reader = reader;
    }

    @GET
    @Operation(summary = "Every key, revoked ones included")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "401", description = "No or a wrong admin token")
    public Response list(@HeaderParam("Authorization") String authorization) {
        Response refusal = admin.refusal(authorization);
        if (refusal != null) {
            return refusal;
        }
        return Response.ok(new KeyList(store.all())).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a key",
            description = "Body: {\"name\": \"...\", \"api_key\": optional (generated), "
                    + "\"allowed_origins\": [\"https://shop.example\"] (empty = any), \"rate_limit_per_second\": 1000}")
    @APIResponse(responseCode = "201", description = "Created and on the api_keys topic")
    @APIResponse(responseCode = "400", description = "A field is invalid")
    @APIResponse(responseCode = "401", description = "No or a wrong admin token")
    @APIResponse(responseCode = "409", description = "A key of that name exists (or existed)")
    @APIResponse(responseCode = "503", description = "Kafka or the database did not take the change; nothing changed")
    public Response create(@HeaderParam("Authorization") String authorization, JsonNode body) throws Exception {
        Response refusal = admin.refusal(authorization);
        if (refusal != null) {
            return refusal;
        }
        CreateKeyRequest request;
        try {
            request = reader.read(body);
        } catch (CreateKeyReader.Refused e) {
            return Problems.of(Response.Status.BAD_REQUEST, e.getMessage());
        }
        String apiKey = request.apiKey() != null ? request.apiKey() : generatedKey();
        List<String> origins = request.allowedOrigins() == null ? List.of() : request.allowedOrigins();
        int rate = request.rateLimitPerSecond() == null ? DEFAULT_RATE : request.rateLimitPerSecond();
        String name = request.name();
        Optional<ApiKey> created;
        try {
            created = store.create(apiKey, name, origins, rate);
        } catch (KeyStore.NotPublished e) {
            return notDistributed(e);
        } catch (Exception e) {
            if (ProblemMappers.isUniqueViolation(e)) {
                return conflict(apiKey); // created by another request meanwhile
            }
            republishCommitted(apiKey);
            throw e;
        }
        if (created.isEmpty()) {
            return conflict(apiKey);
        }
        return Response.created(URI.create("/v1/keys/" + apiKey))
                .entity(created.get())
                .build();
    }

    @DELETE
    @Path("/{key}")
    @Operation(summary = "Revoke a key", description = "Every service refuses it within a second; its counts stay.")
    @APIResponse(responseCode = "204", description = "Revoked (also when it already was)")
    @APIResponse(responseCode = "401", description = "No or a wrong admin token")
    @APIResponse(responseCode = "404", description = "No such key")
    @APIResponse(responseCode = "503", description = "Kafka or the database did not take the change; nothing changed")
    public Response revoke(@HeaderParam("Authorization") String authorization, @PathParam("key") String apiKey)
            throws Exception {
        Response refusal = admin.refusal(authorization);
        if (refusal != null) {
            return refusal;
        }
        Optional<ApiKey> revoked;
        try {
            revoked = store.revoke(apiKey);
        } catch (KeyStore.NotPublished e) {
            return notDistributed(e);
        } catch (Exception e) {
            republishCommitted(apiKey);
            throw e;
        }
        if (revoked.isEmpty()) {
            return Problems.of(Response.Status.NOT_FOUND, "No key named '" + apiKey + "'");
        }
        return Response.noContent().build();
    }

    /**
     * A change failed after its record may have been published (its commit failed): the table's
     * word goes back on the topic. If the database is gone, the next start republishes the table.
     */
    private void republishCommitted(String apiKey) {
        try {
            store.republishCommitted(apiKey);
        } catch (RuntimeException e) {
            LOG.warnf("The key %s could not be republished now (the next start does it): %s", apiKey, e.toString());
        }
    }

    private static Response conflict(String apiKey) {
        return Problems.of(Response.Status.CONFLICT, "A key named '" + apiKey + "' exists or existed; choose another");
    }

    private static Response notDistributed(Exception e) {
        LOG.warnf("A key change was not acknowledged by Kafka and was not made: %s", e.toString());
        return Problems.unavailable(
                "Kafka did not acknowledge the change in time, so nothing changed; retry", Duration.ofSeconds(1));
    }

    private static String generatedKey() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return "ck_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
