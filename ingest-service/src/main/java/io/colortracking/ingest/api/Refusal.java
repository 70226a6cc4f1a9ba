package io.colortracking.ingest.api;

import jakarta.ws.rs.core.Response.Status;

/** Why a whole request was refused: its status, and its name in the metrics. */
enum Refusal {
    MALFORMED(Status.BAD_REQUEST, "malformed"),
    INVALID(Status.BAD_REQUEST, "invalid"),
    UNAUTHORIZED(Status.UNAUTHORIZED, "unauthorized"),
    ORIGIN_NOT_ALLOWED(Status.FORBIDDEN, "origin_not_allowed"),
    POINTER_TRACKING_OFF(Status.FORBIDDEN, "pointer_tracking_off"),
    NOT_FOUND(Status.NOT_FOUND, "not_found"),
    METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED, "method_not_allowed"),
    NOT_ACCEPTABLE(Status.NOT_ACCEPTABLE, "not_acceptable"),
    TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE, "too_large"),
    UNSUPPORTED_MEDIA_TYPE(Status.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
    RATE_LIMITED(Status.TOO_MANY_REQUESTS, "rate_limited"),
    UNAVAILABLE(Status.SERVICE_UNAVAILABLE, "kafka_unavailable"),
    KEYS_LOADING(Status.SERVICE_UNAVAILABLE, "keys_loading");

    final Status status;
    final String reason;

    Refusal(Status status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    static Refusal of(int status) {
        for (Refusal refusal : values()) {
            if (refusal.status.getStatusCode() == status) {
                return refusal;
            }
        }
        return MALFORMED;
    }
}
