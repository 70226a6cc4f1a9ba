package io.colortracking.testing;

import io.colortracking.common.kafka.TopicCreation;
import java.time.Duration;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM, shared by every test in it, with the platform's topics.
 * Tests keep apart by using their own API keys, group ids or topics.
 */
public final class TestKafka {

    /** Partitions of each platform topic in tests: more than one, so ordering by key is exercised. */
    public static final int PARTITIONS = 3;

    private static String bootstrapServers;
    private static KafkaClusterTestKit cluster;

    private TestKafka() {}

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = Docker.useContainers() ? startContainer() : startInProcess();
            TopicCreation.createMissing(bootstrapServers, PARTITIONS, (short) 1, Duration.ofSeconds(30));
        }
        return bootstrapServers;
    }

    private static String startInProcess() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-process Kafka broker", e);
        }
    }

    /**
     * Stops the in-process broker. Called when the test run ends, before the JVM's shutdown hooks:
     * the test kit's own hook deletes the broker's folders, and a broker that finds its folders
     * gone halts the JVM with a failure status.
     */
    static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                System.err.println("The test broker did not stop cleanly: " + e);
            }
            cluster = null;
            bootstrapServers = null;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static String startContainer() {
        KafkaContainer kafka =
                new KafkaContainer("apache/kafka:4.1.2").withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        kafka.start();
        return kafka.getBootstrapServers();
    }
}
