package io.colortracking.common.keys;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The one place every service resolves and checks a request's API key, for every endpoint under
 * {@code /v1/} (REST, SSE and the WebSocket upgrades alike): the key named by {@code X-API-Key},
 * {@code Authorization} or {@code ?api_key=} ({@link RequestKeys}), known and active, its page's
 * origin allowed, every key loaded. It never fails a request itself: the outcome travels as the
 * request's identity ({@link KeyIdentity}), and each endpoint answers a refusal in its protocol.
 * Paths that read visitor behaviour ({@link RequestKeys#readsBehaviour}) take the key's read token
 * instead ({@link RequestKeys#admitReader}). In memory, no I/O: it runs on the event loop for every request.
 */
@ApplicationScoped
public class ApiKeyAuthentication implements HttpAuthenticationMechanism {

    private final ApiKeys keys;

    public ApiKeyAuthentication(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        HttpServerRequest request = context.request();
        String path = context.normalizedPath();
        if (!path.startsWith("/v1/") && !request.path().startsWith("/v1/")) {
            return Uni.createFrom().nullItem(); // health, metrics, static files: no key involved
        }
        if (RequestKeys.readsBehaviour(path) || RequestKeys.readsBehaviour(request.path())) {
            // the socket's token: a subprotocol (kept out of access logs) or ?token=; nowhere else
            String token = null;
            if (RequestKeys.isCursors(path)) {
                token = RequestKeys.subprotocolToken(request.getHeader("Sec-WebSocket-Protocol"));
                if (token == null) {
                    token = request.getParam("token");
                }
            }
            return Uni.createFrom()
                    .item(KeyIdentity.of(RequestKeys.admitReader(
                            keys,
                            request.getHeader("X-API-Key"),
                            request.getHeader("Authorization"),
                            request.getParam("api_key"),
                            token)));
        }
        return Uni.createFrom()
                .item(KeyIdentity.of(RequestKeys.admit(
                        keys,
                        request.getHeader("X-API-Key"),
                        request.getHeader("Authorization"),
                        request.getParam("api_key"),
                        request.getHeader("Origin"))));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem(); // never asked: no request is failed here
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
