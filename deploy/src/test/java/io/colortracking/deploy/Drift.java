package io.colortracking.deploy;

import static io.colortracking.deploy.Facts.at;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Every place where a deployment disagrees with the services or with another deployment. */
final class Drift {

    static final String READY = "/q/health/ready";
    /** What Kubernetes' readiness and the load balancers ask: only what a service needs for its answers. */
    static final String SERVING = "/q/health/group/serving";

    static final String LIVE = "/q/health/live";
    static final String STARTED = "/q/health/started";
    static final String GATEWAY_HEALTH = "/healthz";
    static final int GATEWAY_PORT = 8080;
    /** The gateway's upstreams: variable → the service it names. */
    static final Map<String, String> UPSTREAMS = Map.of(
            "INGEST_UPSTREAM",
            "ingest-service",
            "COUNTER_UPSTREAM",
            "counter-service",
            "BROADCAST_UPSTREAM",
            "broadcast-service");

    static final Map<String, Set<String>> REQUIRED = Map.of(
            "ingest-service", Set.of("KAFKA_BOOTSTRAP_SERVERS"),
            "counter-service",
                    Set.of(
                            "KAFKA_BOOTSTRAP_SERVERS",
                            "QUARKUS_DATASOURCE_JDBC_URL",
                            "QUARKUS_DATASOURCE_USERNAME",
                            "QUARKUS_DATASOURCE_PASSWORD",
                            "ADMIN_TOKEN"),
            "broadcast-service", Set.of("KAFKA_BOOTSTRAP_SERVERS"));

    private final Facts facts;
    private final List<String> found = new ArrayList<>();

    private Drift(Facts facts) {
        this.facts = facts;
    }

    static List<String> find(Facts facts) throws IOException {
        Drift drift = new Drift(facts);
        for (Facts.Service service : facts.services().values()) {
            drift.service(service);
        }
        drift.gateway();
        drift.portsElsewhere();
        drift.topics();
        drift.database();
        return drift.found;
    }

    private void expect(boolean holds, String what) {
        if (!holds) {
            found.add(what);
        }
    }

    private void same(Object actual, Object expected, String what) {
        expect(Objects.equals(actual, expected), what + ": " + actual + ", expected " + expected);
    }

    private void service(Facts.Service service) throws IOException {
        String name = service.name();
        int port = service.port();
        Map<String, Set<String>> environments = new TreeMap<>();

        JsonNode compose = at(facts.compose(), "services", name);
        environments.put("compose", names(compose.path("environment")));
        expect(
                compose.path("healthcheck").path("test").toString().contains("127.0.0.1:" + port + READY),
                "compose " + name + ": health check is not " + READY + " on port " + port);
        expect(
                compose.path("ports").toString().contains("\"127.0.0.1:" + port + ":" + port + "\""),
                "compose " + name + ": ports do not publish " + port);

        for (String overlay : Facts.OVERLAYS) {
            String where = "kubernetes " + overlay + " " + name;
            ObjectNode deployment = facts.kubernetes(overlay, "Deployment").get(name);
            if (deployment == null) {
                found.add(where + ": no Deployment");
                continue;
            }
            JsonNode container =
                    at(deployment, "spec", "template", "spec", "containers").path(0);
            same(at(container, "ports").path(0).path("containerPort").asInt(), port, where + " containerPort");
            same(at(container, "readinessProbe", "httpGet", "path").asText(), SERVING, where + " readiness path");
            same(at(container, "livenessProbe", "httpGet", "path").asText(), LIVE, where + " liveness path");
            same(at(container, "startupProbe", "httpGet", "path").asText(), STARTED, where + " startup path");
            ObjectNode kubeService = facts.kubernetes(overlay, "Service").get(name);
            same(
                    kubeService == null
                            ? null
                            : at(kubeService, "spec", "ports")
                                    .path(0)
                                    .path("port")
                                    .asInt(),
                    port,
                    where + " Service port");
            environments.put("kubernetes " + overlay, kubernetesEnvironment(overlay, container));
        }

        JsonNode component = at(facts.ecs(), "locals", "components", name);
        same(component.path("port").asInt(), port, "ecs " + name + " port");
        // ECS replaces a task failing its checks: liveness, not readiness (a wait for Kafka is no crash)
        same(component.path("health_path").asText(), LIVE, "ecs " + name + " health path");
        // the load balancer sends requests only where they can be answered, broker or not
        same(component.path("serving_path").asText(), SERVING, "ecs " + name + " serving path");
        Set<String> ecs = new TreeSet<>();
        if (component.path("uses_kafka").asBoolean()) {
            ecs.addAll(names(at(facts.ecs(), "locals", "kafka_environment")));
        }
        ecs.addAll(names(component.path("environment")));
        ecs.addAll(names(component.path("secrets")));
        environments.put("ecs", ecs);

        String dockerfile = Files.readString(Facts.root().resolve(name).resolve("Dockerfile"));
        expect(dockerfile.contains("EXPOSE " + port), name + "/Dockerfile: does not expose " + port);
        expect(dockerfile.contains("127.0.0.1:" + port + READY), name + "/Dockerfile: HEALTHCHECK is not " + READY);

        Set<String> reference = environments.get("compose");
        environments.forEach((platform, names) -> {
            same(names, reference, platform + " " + name + " environment names (compose has the reference)");
            Set<String> unknown = new TreeSet<>(names);
            unknown.removeAll(service.environment());
            expect(unknown.isEmpty(), platform + " " + name + ": " + unknown + " are read by nothing in the service");
            expect(
                    names.containsAll(REQUIRED.get(name)),
                    platform + " " + name + ": lacks some of " + REQUIRED.get(name));
        });
    }

    private Set<String> kubernetesEnvironment(String overlay, JsonNode container) {
        Set<String> names = new TreeSet<>();
        container
                .path("env")
                .forEach(variable -> names.add(variable.path("name").asText()));
        for (JsonNode source : container.path("envFrom")) {
            ObjectNode map = facts.kubernetes(overlay, "ConfigMap")
                    .get(at(source, "configMapRef", "name").asText());
            if (map != null) {
                names.addAll(names(map.path("data")));
            }
        }
        return names;
    }

    private void gateway() throws IOException {
        Set<String> template = new TreeSet<>();
        Pattern.compile("\\$\\{([A-Z_]+)}")
                .matcher(facts.nginx())
                .results()
                .forEach(match -> template.add(match.group(1)));
        // the nginx image's entrypoint sets it, from /etc/resolv.conf, but only when the image asks for it
        if (template.remove("NGINX_LOCAL_RESOLVERS")) {
            expect(
                    Files.readString(Facts.root().resolve("frontend/Dockerfile"))
                            .contains("NGINX_ENTRYPOINT_LOCAL_RESOLVERS=1"),
                    "frontend/Dockerfile: the template's resolver needs NGINX_ENTRYPOINT_LOCAL_RESOLVERS=1,"
                            + " or the entrypoint leaves ${NGINX_LOCAL_RESOLVERS} unset and nginx does not start");
        }
        same(
                template,
                UPSTREAMS.keySet().stream().collect(TreeSet::new, Set::add, Set::addAll),
                "nginx template variables");

        JsonNode compose = at(facts.compose(), "services", "gateway");
        upstreams("compose gateway", compose.path("environment"));
        expect(
                compose.path("ports").toString().contains("\"" + GATEWAY_PORT + ":" + GATEWAY_PORT + "\""),
                "compose gateway: not published on " + GATEWAY_PORT);
        for (String overlay : Facts.OVERLAYS) {
            ObjectNode deployment = facts.kubernetes(overlay, "Deployment").get("gateway");
            JsonNode container =
                    at(deployment, "spec", "template", "spec", "containers").path(0);
            ObjectNode env = facts.compose().objectNode();
            container
                    .path("env")
                    .forEach(variable -> env.put(
                            variable.path("name").asText(),
                            variable.path("value").asText()));
            upstreams("kubernetes " + overlay + " gateway", env);
            same(
                    at(container, "ports").path(0).path("containerPort").asInt(),
                    GATEWAY_PORT,
                    "kubernetes " + overlay + " gateway port");
            same(
                    at(container, "readinessProbe", "httpGet", "path").asText(),
                    GATEWAY_HEALTH,
                    "kubernetes " + overlay + " gateway probe");
        }
        JsonNode component = at(facts.ecs(), "locals", "components", "gateway");
        upstreams("ecs gateway", component.path("environment"));
        same(component.path("port").asInt(), GATEWAY_PORT, "ecs gateway port");
        same(component.path("health_path").asText(), GATEWAY_HEALTH, "ecs gateway health path");
        same(component.path("serving_path").asText(), GATEWAY_HEALTH, "ecs gateway serving path");
        expect(facts.nginx().contains("location = " + GATEWAY_HEALTH), "nginx: no " + GATEWAY_HEALTH);
    }

    /** The other places a service's port is written: the gateway image, the HTTPRoute, the tasks' firewall. */
    private void portsElsewhere() throws IOException {
        String image = Files.readString(Facts.root().resolve("frontend/Dockerfile"));
        UPSTREAMS.forEach((variable, service) -> expect(
                image.contains(variable + "=" + service + ":"
                        + facts.services().get(service).port()),
                "frontend/Dockerfile: " + variable + " default is not " + service + ":"
                        + facts.services().get(service).port()));

        for (String overlay : Facts.OVERLAYS) {
            for (ObjectNode route : facts.kubernetes(overlay, "HTTPRoute").values()) {
                for (JsonNode rule : at(route, "spec", "rules")) {
                    for (JsonNode backend : rule.path("backendRefs")) {
                        String service = backend.path("name").asText();
                        int expected = service.equals("gateway")
                                ? GATEWAY_PORT
                                : facts.services().containsKey(service)
                                        ? facts.services().get(service).port()
                                        : -1;
                        same(
                                backend.path("port").asInt(),
                                expected,
                                "kubernetes " + overlay + " HTTPRoute backend " + service);
                    }
                }
            }
        }

        // the tasks' security group admits every component's port
        JsonNode ingress = at(facts.ecs(), "resource", "aws_security_group", "tasks")
                .path(0)
                .path("ingress");
        for (String component : List.of("ingest-service", "counter-service", "broadcast-service", "gateway")) {
            int port = at(facts.ecs(), "locals", "components", component)
                    .path("port")
                    .asInt();
            boolean admitted = false;
            for (JsonNode rule : ingress) {
                admitted |= rule.path("from_port").asInt() <= port
                        && port <= rule.path("to_port").asInt();
            }
            expect(admitted, "ecs security group tasks: port " + port + " of " + component + " is not admitted");
        }
    }

    /** Each upstream variable is set and names its service's port (other variables may help build them). */
    private void upstreams(String where, JsonNode environment) {
        Set<String> upstreams = new TreeSet<>(names(environment));
        upstreams.removeIf(name -> !name.endsWith("_UPSTREAM"));
        same(upstreams, new TreeSet<>(UPSTREAMS.keySet()), where + " upstream variables");
        UPSTREAMS.forEach((variable, service) -> {
            int port = facts.services().get(service).port();
            expect(
                    environment.path(variable).asText().endsWith(":" + port),
                    where + ": " + variable + " is not on port " + port);
        });
    }

    private void topics() {
        same(facts.composeTopics(), facts.topics(), "compose topic initialiser (create-topics.sh)");
        String composePartitions = at(
                        facts.compose(), "services", "kafka-topics", "environment", "COLORTRACKING_TOPICS_PARTITIONS")
                .asText();
        for (String service : Facts.SERVICES) {
            same(
                    at(facts.compose(), "services", service, "environment", "COLORTRACKING_TOPICS_PARTITIONS")
                            .asText(),
                    composePartitions,
                    "compose " + service + " partitions");
        }
        for (String overlay : Facts.OVERLAYS) {
            JsonNode config = facts.kubernetes(overlay, "ConfigMap")
                    .get("colortracking-config")
                    .path("data");
            Map<String, Map<String, String>> strimzi = new TreeMap<>();
            for (ObjectNode topic : facts.kubernetes(overlay, "KafkaTopic").values()) {
                Map<String, String> configs = new TreeMap<>();
                at(topic, "spec", "config")
                        .fields()
                        .forEachRemaining(entry ->
                                configs.put(entry.getKey(), entry.getValue().asText()));
                strimzi.put(at(topic, "spec", "topicName").asText(), configs);
                same(
                        at(topic, "spec", "partitions").asText(),
                        config.path("COLORTRACKING_TOPICS_PARTITIONS").asText(),
                        "kubernetes " + overlay + " "
                                + topic.path("metadata").path("name").asText() + " partitions");
                same(
                        at(topic, "spec", "replicas").asText(),
                        config.path("COLORTRACKING_TOPICS_REPLICATION_FACTOR").asText(),
                        "kubernetes " + overlay + " "
                                + topic.path("metadata").path("name").asText() + " replicas");
            }
            same(strimzi, facts.topics(), "kubernetes " + overlay + " KafkaTopics");
            ObjectNode kafka = facts.kubernetes(overlay, "Kafka").values().stream()
                    .findFirst()
                    .orElseThrow();
            same(
                    config.path("KAFKA_BOOTSTRAP_SERVERS").asText(),
                    kafka.path("metadata").path("name").asText() + "-kafka-bootstrap:"
                            + at(kafka, "spec", "kafka", "listeners")
                                    .path(0)
                                    .path("port")
                                    .asInt(),
                    "kubernetes " + overlay + " KAFKA_BOOTSTRAP_SERVERS");
        }
    }

    private void database() {
        for (String overlay : Facts.OVERLAYS) {
            String cluster = facts.kubernetes(overlay, "Cluster").keySet().stream()
                    .findFirst()
                    .orElse("?");
            JsonNode container = at(
                            facts.kubernetes(overlay, "Deployment").get("counter-service"),
                            "spec",
                            "template",
                            "spec",
                            "containers")
                    .path(0);
            for (JsonNode variable : container.path("env")) {
                String name = variable.path("name").asText();
                if (name.equals("QUARKUS_DATASOURCE_JDBC_URL")) {
                    expect(
                            variable.path("value").asText().startsWith("jdbc:postgresql://" + cluster + "-rw:5432/"),
                            "kubernetes " + overlay + ": the JDBC URL is not the " + cluster
                                    + " cluster's -rw Service");
                } else if (name.startsWith("QUARKUS_DATASOURCE_")) {
                    same(
                            at(variable, "valueFrom", "secretKeyRef", "name").asText(),
                            cluster + "-app",
                            "kubernetes " + overlay + " " + name + " secret");
                }
            }
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
