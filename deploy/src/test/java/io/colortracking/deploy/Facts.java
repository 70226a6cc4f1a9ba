package io.colortracking.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.colortracking.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the services say about themselves (ports, the environment they read, the topics of the
 * catalog) and what each deployment says about them: docker compose, both Kubernetes overlays as
 * {@code kubectl kustomize} renders them, and the ECS Terraform as HCL's parser reads it.
 */
record Facts(
        Map<String, Service> services,
        Map<String, Map<String, String>> topics,
        ObjectNode compose,
        String topicScript,
        Map<String, List<ObjectNode>> kubernetes,
        ObjectNode ecs,
        String nginx) {

    static final List<String> SERVICES = List.of("ingest-service", "counter-service", "broadcast-service");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    /** A service: its HTTP port and every environment variable its configuration reads. */
    record Service(String name, int port, Set<String> environment) {}

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name = \"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING =
            Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)\\s*public interface (\\w+)");
    private static final Pattern INTERFACE = Pattern.compile("^\\s*(?:public )?interface (\\w+)");
    private static final Pattern ACCESSOR = Pattern.compile("^\\s*([\\w.<>, ?]+?)\\s+(\\w+)\\(\\);");

    static Facts load() throws Exception {
        Map<String, Service> services = new LinkedHashMap<>();
        for (String name : SERVICES) {
            services.put(name, service(name));
        }
        Map<String, List<ObjectNode>> kubernetes = new LinkedHashMap<>();
        for (String overlay : OVERLAYS) {
            kubernetes.put(
                    overlay,
                    kustomize(root().resolve("deploy/kubernetes/overlays").resolve(overlay)));
        }
        return new Facts(
                services,
                catalog(),
                (ObjectNode) YAML.readTree(root().resolve("docker-compose.yml").toFile()),
                Files.readString(root().resolve("deploy/docker/create-topics.sh")),
                kubernetes,
                terraform(),
                Files.readString(root().resolve("frontend/nginx/default.conf.template")));
    }

    static Path root() {
        return Path.of(System.getProperty("platform.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Env names from application.properties (its keys and its ${VARIABLE} references), @ConfigProperty
     * names, and the properties of @ConfigMapping interfaces (accessors in kebab case, nested groups).
     */
    private static Service service(String name) throws IOException {
        Properties properties = new Properties();
        Path file = root().resolve(name).resolve("src/main/resources/application.properties");
        String text = Files.readString(file);
        properties.load(new StringReader(text));
        Set<String> environment = new TreeSet<>();
        // the packaged service runs the prod profile: its %prod. keys are settings too (dev and test ones are not)
        properties.stringPropertyNames().stream()
                .map(key -> key.startsWith("%prod.") ? key.substring("%prod.".length()) : key)
                .filter(key -> !key.startsWith("%"))
                .map(Facts::environmentName)
                .forEach(environment::add);
        REFERENCE.matcher(text).results().map(match -> match.group(1)).forEach(environment::add);
        for (String module : List.of(name, "service-common")) {
            try (Stream<Path> sources = Files.walk(root().resolve(module).resolve("src/main/java"))) {
                for (Path source : sources.filter(path -> path.toString().endsWith(".java"))
                        .toList()) {
                    String code = Files.readString(source);
                    CONFIG_PROPERTY
                            .matcher(code)
                            .results()
                            .map(match -> environmentName(match.group(1)))
                            .forEach(environment::add);
                    mappedProperties(code).stream().map(Facts::environmentName).forEach(environment::add);
                }
            }
        }
        return new Service(name, Integer.parseInt(properties.getProperty("quarkus.http.port")), environment);
    }

    /** The properties of a @ConfigMapping interface: accessors in kebab case under the prefix, groups nested. */
    static List<String> mappedProperties(String code) {
        Matcher mapping = CONFIG_MAPPING.matcher(code);
        if (!mapping.find()) {
            return List.of();
        }
        // accessors by the interface they are declared in (nested interfaces are written flat here)
        Map<String, Map<String, String>> accessors = new LinkedHashMap<>();
        String current = null;
        for (String line : code.split("\n")) {
            Matcher declared = INTERFACE.matcher(line);
            if (declared.find()) {
                current = declared.group(1);
                accessors.put(current, new LinkedHashMap<>());
            } else if (current != null) {
                Matcher accessor = ACCESSOR.matcher(line);
                if (accessor.find() && !line.contains("return")) {
                    accessors.get(current).put(accessor.group(2), accessor.group(1));
                }
            }
        }
        List<String> properties = new ArrayList<>();
        collect(mapping.group(1), mapping.group(2), accessors, properties);
        return properties;
    }

    private static void collect(
            String prefix, String type, Map<String, Map<String, String>> accessors, List<String> into) {
        accessors.getOrDefault(type, Map.of()).forEach((name, returned) -> {
            String property =
                    prefix + "." + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (accessors.containsKey(returned)) {
                collect(property, returned, accessors, into);
            } else {
                into.add(property);
            }
        });
    }

    /** MicroProfile Config's rule: every character not a letter or digit becomes '_', then upper case. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** The Topics catalog: topic → its configs (cleanup policy, retention). */
    private static Map<String, Map<String, String>> catalog() {
        Map<String, Map<String, String>> topics = new TreeMap<>();
        Topics.declarations(6, (short) 3).forEach(topic -> topics.put(topic.name(), new TreeMap<>(topic.configs())));
        return topics;
    }

    private static List<ObjectNode> kustomize(Path overlay) throws Exception {
        String rendered = run(List.of("kubectl", "kustomize", overlay.toString()));
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(rendered)) {
            YAML.readValues(parser, ObjectNode.class).forEachRemaining(objects::add);
        }
        return objects;
    }

    private static ObjectNode terraform() throws Exception {
        Path script = root().resolve("deploy/test/terraform.mjs");
        if (!Files.isDirectory(root().resolve("deploy/node_modules/@cdktf/hcl2json"))) {
            throw new IllegalStateException("run 'npm ci' in deploy/ first (the HCL parser comes from npm)");
        }
        return (ObjectNode) JSON.readTree(run(List.of("node", script.toString())));
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return output;
    }

    /** The deployments' Kubernetes objects of one kind, by name. */
    Map<String, ObjectNode> kubernetes(String overlay, String kind) {
        Map<String, ObjectNode> byName = new TreeMap<>();
        kubernetes.get(overlay).stream()
                .filter(object -> object.path("kind").asText().equals(kind))
                .forEach(object ->
                        byName.put(object.path("metadata").path("name").asText(), object));
        return byName;
    }

    /** Topics the compose initialiser creates: name → configs, with the script's variables filled in. */
    Map<String, Map<String, String>> composeTopics() {
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher assignment = Pattern.compile("(?m)^([a-z_]+)=(\\d+)$").matcher(topicScript);
        while (assignment.find()) {
            variables.put(assignment.group(1), assignment.group(2));
        }
        Map<String, Map<String, String>> topics = new TreeMap<>();
        Matcher create = Pattern.compile("(?m)^create (\\S+)((?: \\S+=\\S+)*)$").matcher(topicScript);
        while (create.find()) {
            Map<String, String> configs = new TreeMap<>();
            for (String pair : create.group(2).trim().split(" ")) {
                String[] parts = pair.split("=", 2);
                String value = parts[1].startsWith("$") ? variables.get(parts[1].substring(1)) : parts[1];
                configs.put(parts[0], value);
            }
            topics.put(create.group(1), configs);
        }
        return topics;
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String step : path) {
            current = current.path(step);
        }
        return current;
    }
}
