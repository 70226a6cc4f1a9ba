package io.colortracking.counter.api;

import io.colortracking.common.keys.RequestKeys;
import io.colortracking.common.keys.ApiKeys;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

/** Which tenant a read request is for: its key, checked like ingest-service checks it. */
@Singleton
public class Tenant {

    private final ApiKeys keys;

    public Tenant(ApiKeys keys) {
        this.keys = keys;
    }

    /** Either the tenant's key, or the answer refusing the request. */
    public record Resolved(String apiKey, Response refusal) {
    }

    public Resolved resolve(String apiKeyHeader, String authorization, String apiKeyParameter, String origin) {
        RequestKeys.Admission admission = RequestKeys.admit(keys, apiKeyHeader, authorization,
                apiKeyParameter, origin);
        if (admission.admitted()) {
            return new Resolved(admission.key().apiKey(), null);
        }
        return new Resolved(null, admission.problem());
    }
}
