package io.colortracking.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Compose, Kubernetes (both overlays) and ECS use the ports, environment variable names, health
 * paths and topics of the services' own configuration and of the Topics catalog; and a change on
 * one side only is caught.
 */
class DeploymentDriftTest {

    @Test
    void everyDeploymentAgreesWithTheServicesAndTheCatalog() throws Exception {
        // given
        Facts facts = Facts.load();
        // when
        List<String> drift = Drift.find(facts);
        // then
        assertThat(drift).isEmpty();
        assertThat(facts.topics())
                .containsKeys("click_on_colors", "hover_on_colors", "color_aggregates", "api_keys", "color_events_dlq");
        assertThat(facts.services().get("counter-service").environment())
                .contains(
                        "ADMIN_TOKEN",
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        "COLORTRACKING_TOPICS_PARTITIONS");
        // and the @ConfigMapping settings, nested groups included
        assertThat(facts.services().get("broadcast-service").environment())
                .contains(
                        "COLORTRACKING_PALETTE",
                        "COLORTRACKING_LIVE_FLUSH_INTERVAL",
                        "COLORTRACKING_CABLE_COMPATIBILITY_KEY",
                        "COLORTRACKING_TOPICS_REPLICATION_FACTOR");
    }

    @Test
    void aPortChangedInComposeOnlyIsCaught() throws Exception {
        // given
        Facts facts = Facts.load();
        // when
        ((ObjectNode) facts.compose().path("services").path("ingest-service"))
                .putArray("ports")
                .add("127.0.0.1:9081:9081");
        // then
        assertThat(Drift.find(facts)).containsExactly("compose ingest-service: ports do not publish 8081");
    }

    @Test
    void aPortChangedInTheServiceOnlyIsCaughtEverywhere() throws Exception {
        // given
        Facts facts = Facts.load();
        Facts.Service broadcast = facts.services().get("broadcast-service");
        // when: application.properties says 9083, no deployment followed
        facts.services().put("broadcast-service", new Facts.Service(broadcast.name(), 9083, broadcast.environment()));
        // then
        assertThat(Drift.find(facts))
                .anyMatch(line -> line.startsWith("compose broadcast-service"))
                .anyMatch(line -> line.startsWith("kubernetes prod broadcast-service containerPort"))
                .anyMatch(line -> line.startsWith("ecs broadcast-service port"))
                .anyMatch(line -> line.startsWith("broadcast-service/Dockerfile"))
                .anyMatch(line -> line.contains("BROADCAST_UPSTREAM is not on port 9083"))
                .anyMatch(line -> line.startsWith("frontend/Dockerfile: BROADCAST_UPSTREAM"))
                .anyMatch(line -> line.startsWith("kubernetes prod HTTPRoute backend broadcast-service"));
    }

    @Test
    void aVariableRenamedInKubernetesOnlyIsCaught() throws Exception {
        // given
        Facts facts = Facts.load();
        ObjectNode counter = facts.kubernetes("prod", "Deployment").get("counter-service");
        // when
        counter.findValues("env").get(0).forEach(variable -> {
            if (variable.path("name").asText().equals("ADMIN_TOKEN")) {
                ((ObjectNode) variable).put("name", "ADMIN_SECRET");
            }
        });
        // then
        assertThat(Drift.find(facts))
                .anyMatch(line -> line.startsWith("kubernetes prod counter-service environment names"))
                .anyMatch(
                        line -> line.startsWith("kubernetes prod counter-service: [ADMIN_SECRET] are read by nothing"));
    }

    @Test
    void aVariableTheServiceDoesNotReadIsCaughtEvenWhenEveryDeploymentSetsIt() throws Exception {
        // given
        Facts facts = Facts.load();
        Facts.Service ingest = facts.services().get("ingest-service");
        // when: the service stopped reading KAFKA_BOOTSTRAP_SERVERS
        facts.services()
                .put(
                        "ingest-service",
                        new Facts.Service(
                                ingest.name(),
                                ingest.port(),
                                new java.util.TreeSet<>(ingest.environment().stream()
                                        .filter(name -> !name.equals("KAFKA_BOOTSTRAP_SERVERS"))
                                        .toList())));
        // then
        assertThat(Drift.find(facts))
                .contains(
                        "compose ingest-service: [KAFKA_BOOTSTRAP_SERVERS] are read by nothing in the service",
                        "ecs ingest-service: [KAFKA_BOOTSTRAP_SERVERS] are read by nothing in the service");
    }

    @Test
    void aTopicChangedInTheCatalogOnlyIsCaughtInComposeAndKubernetes() throws Exception {
        // given
        Facts facts = Facts.load();
        // when: the catalog gains a topic and changes a retention
        Map<String, Map<String, String>> topics = new TreeMap<>(facts.topics());
        topics.put("page_views", Map.of("cleanup.policy", "delete"));
        topics.put("color_events_dlq", Map.of("cleanup.policy", "delete", "retention.ms", "1"));
        Facts changed = new Facts(
                facts.services(),
                topics,
                facts.compose(),
                facts.topicScript(),
                facts.kubernetes(),
                facts.ecs(),
                facts.nginx());
        // then
        assertThat(Drift.find(changed))
                .anyMatch(line -> line.startsWith("compose topic initialiser"))
                .anyMatch(line -> line.startsWith("kubernetes dev KafkaTopics"))
                .anyMatch(line -> line.startsWith("kubernetes prod KafkaTopics"));
    }

    @Test
    void anEcsHealthPathOrGatewayUpstreamOutOfStepIsCaught() throws Exception {
        // given
        Facts facts = Facts.load();
        ObjectNode components = (ObjectNode) facts.ecs().path("locals").path("components");
        // when
        ((ObjectNode) components.path("counter-service")).put("health_path", "/health");
        ((ObjectNode) components.path("gateway").path("environment"))
                .put("INGEST_UPSTREAM", "ingest-service.local:8080");
        // then
        assertThat(Drift.find(facts))
                .containsExactlyInAnyOrder(
                        "ecs counter-service health path: /health, expected /q/health/live",
                        "ecs gateway: INGEST_UPSTREAM is not on port 8081");
    }

    @Test
    void anEcsPortOutsideTheTasksFirewallIsCaught() throws Exception {
        // given
        Facts facts = Facts.load();
        // when
        ((ObjectNode) facts.ecs().path("locals").path("components").path("broadcast-service")).put("port", 9090);
        // then
        assertThat(Drift.find(facts))
                .contains(
                        "ecs broadcast-service port: 9090, expected 8083",
                        "ecs security group tasks: port 9090 of broadcast-service is not admitted");
    }
}
