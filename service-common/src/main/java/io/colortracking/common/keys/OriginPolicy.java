package io.colortracking.common.keys;

import io.colortracking.events.ApiKey;
import java.util.Locale;

/**
 * Which pages may use a key: its {@code allowed_origins}, where an empty list means any origin.
 * Browsers name the page's origin in the {@code Origin} header; a request without one (a server,
 * curl) is not a cross-origin browser request and is judged by its key alone. A page opened from
 * disk sends {@code Origin: null}, which only a key open to any origin (or listing "null") accepts.
 */
public final class OriginPolicy {

    private OriginPolicy() {}

    public static boolean allows(ApiKey key, String origin) {
        if (origin == null || key.allowedOrigins().isEmpty()) {
            return true;
        }
        String requested = normalised(origin);
        for (String allowed : key.allowedOrigins()) {
            if (normalised(allowed).equals(requested)) {
                return true;
            }
        }
        return false;
    }

    /** Scheme and host are case-insensitive, and a trailing slash is not part of an origin. */
    private static String normalised(String origin) {
        String value = origin.strip().toLowerCase(Locale.ROOT);
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
