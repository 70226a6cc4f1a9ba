package io.colortracking.common.keys;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/**
 * A request's API key as {@link ApiKeyAuthentication} found it, carried by the request's
 * {@link SecurityIdentity}: the admitted key (the identity's principal is the key), or the refusal
 * that each endpoint answers in its own protocol — 401/403/503 problems over HTTP, close codes
 * 4401/4403/1013 on WebSockets, a {@code disconnect} on the cable. A refused request's identity is
 * not anonymous (its principal is {@value #REFUSED}): an anonymous one would be replaced by the
 * framework's own, and the refusal lost.
 */
public final class KeyIdentity {

    private static final String ADMISSION = "colortracking.api-key-admission";
    static final String REFUSED = "refused";

    private KeyIdentity() {}

    static SecurityIdentity of(RequestKeys.Admission admission) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(
                        admission.admitted() ? admission.key().apiKey() : REFUSED))
                .addAttribute(ADMISSION, admission)
                .build();
    }

    /** What the request's key was found to be; a request the mechanism did not see names no key. */
    public static RequestKeys.Admission admission(SecurityIdentity identity) {
        RequestKeys.Admission admission = identity == null ? null : identity.getAttribute(ADMISSION);
        return admission != null ? admission : RequestKeys.Admission.missing();
    }
}
