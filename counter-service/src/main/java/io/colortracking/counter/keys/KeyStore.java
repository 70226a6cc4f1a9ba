package io.colortracking.counter.keys;

import io.colortracking.counter.persistence.ApiKeyEntity;
import io.colortracking.events.ApiKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * The {@code api_keys} table: counter-service owns the keys; the other services read the topic.
 * A change is committed only once its record is on the topic (the row stays locked until the
 * broker acknowledged it; if it does not, the transaction rolls back and nothing changes), so table
 * and topic agree.
 */
@ApplicationScoped
public class KeyStore {

    /** The broker did not acknowledge a key change in time: it was rolled back. */
    public static class NotPublished extends RuntimeException {
        NotPublished(Throwable cause) {
            super("The key change was not acknowledged by Kafka: " + cause, cause);
        }
    }

    private final ApiKeysPublisher publisher;

    public KeyStore(ApiKeysPublisher publisher) {
        this.publisher = publisher;
    }

    @Transactional
    public List<ApiKey> all() {
        return ApiKeyEntity.<ApiKeyEntity>listAll(Sort.by("apiKey")).stream()
                .map(ApiKeyEntity::toRecord)
                .toList();
    }

    /**
     * Publishes every key as the table holds it, the rows share-locked until the broker
     * acknowledged them all: a revocation committed meanwhile (here or on another instance) waits,
     * and is published after this snapshot, never overwritten by it.
     *
     * @return how many keys were published
     */
    @Transactional
    public int publishAll() {
        List<ApiKey> keys =
                ApiKeyEntity.<ApiKeyEntity>findAll(Sort.by("apiKey"))
                        .withLock(LockModeType.PESSIMISTIC_READ)
                        .list()
                        .stream()
                        .map(ApiKeyEntity::toRecord)
                        .toList();
        publish(keys);
        return keys.size();
    }

    /**
     * @param readTokenSha256 the hash of the key's first read token
     * @return the new key, or empty when a key of that name exists already (revoked ones included)
     */
    @Transactional
    public Optional<ApiKey> create(
            String apiKey,
            String name,
            List<String> allowedOrigins,
            int rateLimitPerSecond,
            boolean pointerTracking,
            String readTokenSha256) {
        if (ApiKeyEntity.findByIdOptional(apiKey).isPresent()) {
            return Optional.empty();
        }
        ApiKeyEntity key = ApiKeyEntity.of(apiKey, name, allowedOrigins, rateLimitPerSecond);
        key.pointerTracking = pointerTracking;
        key.readTokenSha256 = readTokenSha256;
        key.persistAndFlush();
        publish(List.of(key.toRecord()));
        return Optional.of(key.toRecord());
    }

    /** @return the revoked key, or empty when there is no such key */
    @Transactional
    public Optional<ApiKey> revoke(String apiKey) {
        Optional<ApiKeyEntity> found = ApiKeyEntity.findByIdOptional(apiKey, LockModeType.PESSIMISTIC_WRITE);
        found.ifPresent(key -> {
            key.revoked = true;
            key.flush();
            publish(List.of(key.toRecord()));
        });
        return found.map(ApiKeyEntity::toRecord);
    }

    /**
     * Changes what a key allows; @return the changed key, or empty when there is no such key (or it
     * was revoked: a revoked key changes no more)
     */
    @Transactional
    public Optional<ApiKey> change(String apiKey, java.util.function.Consumer<ApiKeyEntity> change) {
        Optional<ApiKeyEntity> found = ApiKeyEntity.<ApiKeyEntity>findByIdOptional(
                        apiKey, LockModeType.PESSIMISTIC_WRITE)
                .filter(key -> !key.revoked);
        found.ifPresent(key -> {
            change.accept(key);
            key.flush();
            publish(List.of(key.toRecord()));
        });
        return found.map(ApiKeyEntity::toRecord);
    }

    /**
     * Gives the key this read token's hash and pointer tracking unless it has both already (the
     * local demo key, at every start where DEMO_READ_TOKEN is set); @return whether it changed
     */
    @Transactional
    public boolean ensureReadable(String apiKey, String readTokenSha256) {
        Optional<ApiKeyEntity> found = ApiKeyEntity.<ApiKeyEntity>findByIdOptional(
                        apiKey, LockModeType.PESSIMISTIC_WRITE)
                .filter(key -> !key.revoked && (!readTokenSha256.equals(key.readTokenSha256) || !key.pointerTracking));
        found.ifPresent(key -> {
            key.readTokenSha256 = readTokenSha256;
            key.pointerTracking = true;
            key.flush();
        });
        return found.isPresent();
    }

    /**
     * After a change whose commit failed although its record was published: puts the table's word
     * back on the topic (a tombstone for a key that was not created).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void republishCommitted(String apiKey) {
        Optional<ApiKeyEntity> committed = ApiKeyEntity.findByIdOptional(apiKey);
        if (committed.isPresent()) {
            publish(List.of(committed.get().toRecord()));
        } else {
            QuarkusTransaction.suspendingExisting().run(() -> publisher.publishDeleted(apiKey));
        }
    }

    /**
     * Publishes and awaits the acknowledgement with this thread's transaction suspended (its row
     * locks stay): the transaction's context must not travel with the send to the producer's
     * threads, or the commit finds other threads inside the transaction.
     */
    private void publish(List<ApiKey> keys) {
        try {
            QuarkusTransaction.suspendingExisting().run(() -> publisher.publish(keys));
        } catch (RuntimeException e) {
            throw new NotPublished(e);
        }
    }
}
