package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colortracking.testing.TestKafka;
import io.colortracking.testing.TestPostgres;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

/**
 * A counter with a static group membership (COLORTRACKING_CONSUMER_INSTANCE_ID) that stops cleanly
 * leaves its consumer group at once, so its partitions move on to the other instances right away
 * instead of waiting out the session timeout (45 s) that a crashed static member keeps them for.
 */
class StaticMembershipReleaseIT {

    @Test
    void aCleanStopLeavesTheGroupAtOnce() throws Exception {
        // given: a counter with a static member id of its own, in a group of its own, assigned partitions
        String group = "release-" + UUID.randomUUID();
        String instance = "counter-release-" + UUID.randomUUID();
        TestPostgres.Database database = TestPostgres.newDatabase();
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "COLORTRACKING_TOPICS_PARTITIONS", String.valueOf(TestKafka.PARTITIONS),
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.username(),
                "QUARKUS_DATASOURCE_PASSWORD", database.password(),
                "COLORTRACKING_CONSUMER_GROUP_ID", group,
                "COLORTRACKING_CONSUMER_INSTANCE_ID", instance);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            ServiceProcess counter =
                    ServiceProcess.start("counter-service", environment).awaitReady(Duration.ofSeconds(90));
            try {
                await("the counter a static member with partitions")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> members(admin, group).stream()
                                .anyMatch(member -> member.groupInstanceId().equals(java.util.Optional.of(instance))
                                        && !member.assignment()
                                                .topicPartitions()
                                                .isEmpty()));
            } finally {
                // when: it stops cleanly (SIGTERM, as a rollout or Ctrl-C does)
                counter.close();
            }
            assertThat(counter.isAlive()).isFalse();

            // then: no member is left in the group, well before the session timeout would drop it
            await("the group empty")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> members(admin, group).isEmpty());
            assertThat(counter.logText()).contains("Left consumer group " + group + " (member " + instance + ")");
        }
    }

    private static Collection<MemberDescription> members(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group))
                .all()
                .get()
                .get(group)
                .members();
    }
}
