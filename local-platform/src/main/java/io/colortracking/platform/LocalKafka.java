package io.colortracking.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code ./run.sh}'s Kafka: a real single-node broker in KRaft mode (broker and controller in
 * one process), its log kept in the state folder so topics and offsets outlive the run. Formats
 * the storage on first use only, then runs the broker in this process until it is stopped.
 *
 * <p>Arguments: {@code <state folder> <broker port> <controller port> [<SASL port> <user> <password>]}.
 * With the last three, the broker also has a {@code SASL_PLAINTEXT} listener on that port that takes
 * SCRAM-SHA-512 with that one user (as Strimzi's SCRAM or MSK's SCRAM listeners do), so the
 * services can be tried against a secured Kafka; the plain listener stays for the broker itself.
 */
public final class LocalKafka {

    private LocalKafka() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 6) {
            System.err.println(
                    "usage: LocalKafka <state folder> <broker port> <controller port> [<SASL port> <user> <password>]");
            System.exit(2);
        }
        Path state = Path.of(args[0]).toAbsolutePath();
        Path logDir = state.resolve("kafka-data");
        Path config = writeConfig(state, logDir, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        List<String> format = new ArrayList<>(List.of(
                "format",
                "--standalone",
                "--ignore-formatted",
                "-t",
                org.apache.kafka.common.Uuid.randomUuid().toString(),
                "-c",
                config.toString()));
        if (args.length == 6) {
            addScramListener(config, Integer.parseInt(args[3]));
            format.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + args[4] + ",password=" + args[5] + "]"));
        }

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int status = kafka.tools.StorageTool.execute(format.toArray(String[]::new), System.out);
            if (status != 0) {
                throw new IllegalStateException("Formatting the Kafka storage failed with status " + status);
            }
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /** A SASL_PLAINTEXT listener taking SCRAM-SHA-512; its users are written into the storage when it is formatted. */
    private static void addScramListener(Path config, int saslPort) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(config)) {
            p.load(in);
        }
        String listener = "SASL_PLAINTEXT://127.0.0.1:" + saslPort;
        p.setProperty("listeners", p.getProperty("listeners") + "," + listener);
        p.setProperty("advertised.listeners", p.getProperty("advertised.listeners") + "," + listener);
        p.setProperty(
                "listener.security.protocol.map",
                p.getProperty("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.setProperty(
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        try (OutputStream out = Files.newOutputStream(config)) {
            p.store(out, "written by LocalKafka on every start");
        }
    }

    private static Path writeConfig(Path state, Path logDir, int brokerPort, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty(
                "advertised.listeners",
                "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "6");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Files.createDirectories(state);
        Path file = state.resolve("kafka.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "written by LocalKafka on every start");
        }
        return file;
    }
}
