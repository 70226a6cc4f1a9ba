package io.colortracking.counter.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.colortracking.common.Problems;
import io.colortracking.common.keys.ReadTokens;
import io.colortracking.counter.keys.KeyStore;
import io.colortracking.counter.persistence.ApiKeyEntity;
import io.colortracking.events.ApiKey;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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
 * Each key has a read token (made with it, rotated on demand) that reads its visitors' behaviour.
 */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    private static final Logger LOG = Logger.getLogger(KeysResource.class);
    private static final int DEFAULT_RATE = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    public record KeyList(@JsonProperty("keys") List<KeyView> keys) {}

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
        return Response.ok(new KeyList(
                        store.all().stream().map(key -> KeyView.of(key, null)).toList()))
                .build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a key",
            description =
                    "Body: {\"name\": \"...\", \"api_key\": optional (generated), "
                            + "\"allowed_origins\": [\"https://shop.example\"] (empty = any), \"rate_limit_per_second\": 1000, "
                            + "\"pointer_tracking\": false}. The answer holds the key's read token (read_token), shown this once.")
    @APIResponse(responseCode = "201", description = "Created and on the api_keys topic; the body holds the read token")
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
        boolean pointerTracking = Boolean.TRUE.equals(request.pointerTracking());
        String readToken = ReadTokens.generate();
        Optional<ApiKey> created;
        try {
            created = store.create(apiKey, name, origins, rate, pointerTracking, ReadTokens.sha256(readToken));
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
                .entity(KeyView.of(created.get(), readToken))
                .build();
    }

    @POST
    @Path("/{key}/read-token")
    @Operation(
            summary = "Rotate a key's read token",
            description = "A new read token, shown this once; the old one stops working on every service within a "
                    + "second (live cursor sockets that used it are closed with 4401).")
    @APIResponse(responseCode = "200", description = "The key with its new read_token")
    @APIResponse(responseCode = "401", description = "No or a wrong admin token")
    @APIResponse(responseCode = "404", description = "No such key, or it was revoked")
    @APIResponse(responseCode = "503", description = "Kafka or the database did not take the change; nothing changed")
    public Response rotateReadToken(@HeaderParam("Authorization") String authorization, @PathParam("key") String apiKey)
            throws Exception {
        Response refusal = admin.refusal(authorization);
        if (refusal != null) {
            return refusal;
        }
        String readToken = ReadTokens.generate();
        String hash = ReadTokens.sha256(readToken);
        return changed(apiKey, key -> key.readTokenSha256 = hash, readToken);
    }

    @PATCH
    @Path("/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change what a key allows",
            description = "Body: {\"pointer_tracking\": true|false}: whether pages may record their visitors' pointer "
                    + "with the key (what was recorded stays until it expires or is deleted).")
    @APIResponse(responseCode = "200", description = "The key as it now is")
    @APIResponse(responseCode = "400", description = "A field is unknown or of the wrong type")
    @APIResponse(responseCode = "401", description = "No or a wrong admin token")
    @APIResponse(responseCode = "404", description = "No such key, or it was revoked")
    @APIResponse(responseCode = "503", description = "Kafka or the database did not take the change; nothing changed")
    public Response change(
            @HeaderParam("Authorization") String authorization, @PathParam("key") String apiKey, JsonNode body)
            throws Exception {
        Response refusal = admin.refusal(authorization);
        if (refusal != null) {
            return refusal;
        }
        if (body == null || !body.isObject() || body.isEmpty()) {
            return Problems.of(
                    Response.Status.BAD_REQUEST, "The body must be a JSON object such as {\"pointer_tracking\": true}");
        }
        var fields = body.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!field.equals("pointer_tracking")) {
                return Problems.of(
                        Response.Status.BAD_REQUEST, "Unknown field '" + field + "'; allowed: pointer_tracking");
            }
        }
        if (!body.get("pointer_tracking").isBoolean()) {
            return Problems.of(Response.Status.BAD_REQUEST, "'pointer_tracking' has the wrong type: true or false");
        }
        boolean pointerTracking = body.get("pointer_tracking").booleanValue();
        return changed(apiKey, key -> key.pointerTracking = pointerTracking, null);
    }

    private Response changed(String apiKey, java.util.function.Consumer<ApiKeyEntity> change, String readToken) {
        Optional<ApiKey> changed;
        try {
            changed = store.change(apiKey, change);
        } catch (KeyStore.NotPublished e) {
            return notDistributed(e);
        } catch (RuntimeException e) {
            republishCommitted(apiKey);
            throw e;
        }
        if (changed.isEmpty()) {
            return Problems.of(Response.Status.NOT_FOUND, "No active key named '" + apiKey + "'");
        }
        return Response.ok(KeyView.of(changed.get(), readToken)).build();
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
