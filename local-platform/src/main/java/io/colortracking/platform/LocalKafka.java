package io.colortracking.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code ./run.sh}'s Kafka: a real single-node broker in KRaft mode (broker and controller in
 * one process), its log kept in the state folder so topics and offsets outlive the run. Formats
 * the storage on first use only, then runs the broker in this process until it is stopped.
 *
 * <p>Arguments: {@code <state folder> <broker port> <controller port>}.
 */
public final class LocalKafka {

    private LocalKafka() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalKafka <state folder> <broker port> <controller port>");
            System.exit(2);
        }
        Path state = Path.of(args[0]).toAbsolutePath();
        Path logDir = state.resolve("kafka-data");
        Path config = writeConfig(state, logDir, Integer.parseInt(args[1]), Integer.parseInt(args[2]));

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int status = kafka.tools.StorageTool.execute(new String[] {
                "format", "--standalone", "--ignore-formatted",
                "-t", org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", config.toString()},
                System.out);
            if (status != 0) {
                throw new IllegalStateException("Formatting the Kafka storage failed with status " + status);
            }
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static Path writeConfig(Path state, Path logDir, int brokerPort, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
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
