package io.colortracking.counter.api;

import io.colortracking.common.keys.KeyIdentity;
import io.colortracking.common.keys.RequestKeys;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

/** Which tenant a read request is for: its key, checked like ingest-service checks it. */
@Singleton
public class Tenant {

    private final SecurityIdentity identity;

    public Tenant(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** Either the tenant's key, or the answer refusing the request. */
    public record Resolved(String apiKey, Response refusal) {}

    /** The current request's tenant, as the one key check of every service found it ({@link KeyIdentity}). */
    public Resolved resolve() {
        RequestKeys.Admission admission = KeyIdentity.admission(identity);
        if (admission.admitted()) {
            return new Resolved(admission.key().apiKey(), null);
        }
        return new Resolved(null, admission.problem());
    }
}
