package io.colortracking.counter.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /v1/keys}, checked by Hibernate Validator; each message tells the client
 * which field to fix and how. Read strictly ({@link CreateKeyReader}): unknown fields and values of the wrong
 * JSON type are refused, never coerced.
 *
 * @param apiKey the key itself, or {@code null} to have one generated
 * @param allowedOrigins origins whose pages may use the key; absent or empty: any
 * @param rateLimitPerSecond events per second, or {@code null} for the default
 * @param pointerTracking whether pages may record their visitors' pointer with the key; {@code null}: no
 */
public record CreateKeyRequest(
        @JsonProperty("api_key")
        @Pattern(
                regexp = "[A-Za-z0-9._-]{1,64}",
                message = "'api_key' must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'")
        String apiKey,

        @JsonProperty("name")
        @NotBlank(message = "'name' is required: a non-empty string of at most 200 characters")
        @Size(max = 200, message = "'name' is required: a non-empty string of at most 200 characters")
        String name,

        @JsonProperty("allowed_origins")
        @Size(max = 100, message = "'allowed_origins' must be an array of at most 100 origins")
        List<
                        @Pattern(
                                regexp = "^(null|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?)$",
                                message =
                                        "'allowed_origins' holds ${validatedValue}, which is no origin such as "
                                                + "\"https://shop.example\" or \"http://localhost:8080\" (no path, no trailing slash)")
                        String>
                allowedOrigins,

        @JsonProperty("rate_limit_per_second")
        @Min(value = 1, message = "'rate_limit_per_second' must be a whole number from 1 to 1000000")
        @Max(value = 1_000_000, message = "'rate_limit_per_second' must be a whole number from 1 to 1000000")
        Integer rateLimitPerSecond,

        @JsonProperty("pointer_tracking") Boolean pointerTracking) {

    /** The fields a client may send, as told when it sends another. */
    static final String FIELDS = "api_key, name, allowed_origins, rate_limit_per_second, pointer_tracking";
}
