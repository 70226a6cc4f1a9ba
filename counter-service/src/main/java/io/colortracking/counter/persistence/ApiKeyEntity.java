package io.colortracking.counter.persistence;

import io.colortracking.events.ApiKey;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code api_keys} (the seed's users): a tenant's key. Leaves the service only as an {@link ApiKey}. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity extends PanacheEntityBase {

    @Id
    @Column(name = "api_key")
    public String apiKey;

    @Column(name = "name")
    public String name;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_origins")
    public List<String> allowedOrigins = new ArrayList<>();

    @Column(name = "rate_limit_per_second")
    public int rateLimitPerSecond;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked")
    public boolean revoked;

    @Column(name = "pointer_tracking")
    public boolean pointerTracking;

    /** The SHA-256 (hex) of the key's read token; the token itself is never stored. */
    @Column(name = "read_token_sha256")
    public String readTokenSha256;

    /** A new, active key, created now. */
    public static ApiKeyEntity of(String apiKey, String name, List<String> allowedOrigins, int rateLimitPerSecond) {
        ApiKeyEntity key = new ApiKeyEntity();
        key.apiKey = apiKey;
        key.name = name;
        key.allowedOrigins = new ArrayList<>(allowedOrigins);
        key.rateLimitPerSecond = rateLimitPerSecond;
        // as PostgreSQL keeps it, so the published record equals what a later read gives
        key.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return key;
    }

    /** The key as every service learns it from {@code api_keys}. */
    public ApiKey toRecord() {
        return new ApiKey(
                apiKey,
                name,
                List.copyOf(allowedOrigins),
                rateLimitPerSecond,
                createdAt,
                revoked,
                pointerTracking,
                readTokenSha256);
    }
}
