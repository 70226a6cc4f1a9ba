package io.colortracking.counter.messaging;

import io.colortracking.common.kafka.TopicCreation;
import io.colortracking.counter.config.CounterConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.jboss.logging.Logger;

/**
 * A static member (COLORTRACKING_CONSUMER_INSTANCE_ID) keeps its partitions for the session timeout
 * when its consumer closes, so that a restart under the same name takes them back at once. A clean
 * stop must not leave them idle that long: once the connector closed the consumer, this instance
 * asks the group coordinator to remove its member, and the partitions move on at once.
 */
@ApplicationScoped
public class StaticMembershipRelease {

    private static final Logger LOG = Logger.getLogger(StaticMembershipRelease.class);

    private final Map<String, Object> kafkaConfig;
    private final CounterConfig config;

    public StaticMembershipRelease(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, CounterConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.config = config;
    }

    /** After the connector closed its consumers (its own observer has priority 50). */
    void onStop(@Observes @Priority(100) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        config.consumer().instanceId().ifPresent(this::leave);
    }

    private void leave(String instanceId) {
        Duration timeout = Duration.ofSeconds(3);
        try (Admin admin = Admin.create(TopicCreation.adminConfig(kafkaConfig, timeout))) {
            admin.removeMembersFromConsumerGroup(
                            config.consumer().groupId(),
                            new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(instanceId))))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof(
                    "Left consumer group %s (member %s): its partitions move on at once",
                    config.consumer().groupId(), instanceId);
        } catch (Exception e) {
            LOG.warnf(
                    "Could not leave consumer group %s: its partitions wait for the session timeout: %s",
                    config.consumer().groupId(), e.toString());
        }
    }
}
