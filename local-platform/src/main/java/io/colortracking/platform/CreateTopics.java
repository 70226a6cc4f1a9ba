package io.colortracking.platform;

import io.colortracking.common.kafka.TopicCreation;
import java.time.Duration;
import java.util.List;

/** Creates the platform's missing topics. Arguments: {@code <bootstrap servers> <partitions>}. */
public final class CreateTopics {

    private CreateTopics() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: CreateTopics <bootstrap servers> <partitions>");
            System.exit(2);
        }
        List<String> created =
                TopicCreation.createMissing(args[0], Integer.parseInt(args[1]), (short) 1, Duration.ofSeconds(30));
        System.out.println(created.isEmpty() ? "Topics already exist" : "Created topics " + created);
    }
}
