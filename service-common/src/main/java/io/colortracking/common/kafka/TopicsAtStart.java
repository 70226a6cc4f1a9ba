package io.colortracking.common.kafka;

import io.colortracking.common.BackgroundRetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the missing topics when a service starts, before its channels subscribe (an observer
 * earlier than the messaging's own start). A broker that is not there yet does not hold the start
 * up: creation goes on in the background until it succeeds. Off with
 * {@code COLORTRACKING_TOPICS_CREATE=false} where an operator owns the topics (Strimzi's Topic
 * Operator, Terraform).
 */
@Singleton
public class TopicsAtStart {

    private static final Logger LOG = Logger.getLogger(TopicsAtStart.class);
    private static final Duration FIRST_TRY = Duration.ofSeconds(10);

    private final Map<String, Object> kafkaConfig;
    private final boolean create;
    private final int partitions;
    private final short replicationFactor;
    private BackgroundRetry retry;

    public TopicsAtStart(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "colortracking.topics.create", defaultValue = "true") boolean create,
            @ConfigProperty(name = "colortracking.topics.partitions", defaultValue = "6") int partitions,
            @ConfigProperty(name = "colortracking.topics.replication-factor", defaultValue = "1")
                    short replicationFactor) {
        this.kafkaConfig = kafkaConfig;
        this.create = create;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /** Before the messaging starts its channels ({@code LIBRARY_BEFORE}). */
    void onStart(@Observes @Priority(500) StartupEvent event) {
        if (!create) {
            LOG.info("Topic creation is off (colortracking.topics.create=false): the topics must exist");
            return;
        }
        try {
            createOnce(FIRST_TRY);
        } catch (RuntimeException e) {
            if (refused(e)) {
                LOG.errorf(
                        "Kafka refused this service's credentials: check KAFKA_SECURITY_PROTOCOL, "
                                + "KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG (or the TLS settings). Kafka said: %s",
                        rootMessage(e));
            } else {
                LOG.warnf("Topics not created yet, trying again in the background: %s", e.getMessage());
            }
            retry = BackgroundRetry.start(
                    "topic-creation", Duration.ofMillis(500), Duration.ofSeconds(5), this::tryOnce);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (retry != null) {
            retry.stop();
        }
    }

    /** Whether the broker turned this client away for who it is, not for being out of reach. */
    private static boolean refused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private void createOnce(Duration timeout) {
        List<String> created = TopicCreation.createMissing(kafkaConfig, partitions, replicationFactor, timeout);
        if (!created.isEmpty()) {
            LOG.infof("Created topics %s", created);
        }
    }

    private boolean tryOnce() {
        try {
            createOnce(FIRST_TRY);
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("Topics not created yet: %s", e.getMessage());
            return false;
        }
    }
}
