package io.colortracking.testing;

import org.testcontainers.DockerClientFactory;

/** Whether tests run their infrastructure in containers or in the test JVM. */
final class Docker {

    private static Boolean available;

    private Docker() {}

    /**
     * {@code -Dcolortracking.test.infra=embedded|docker} (or the environment variable
     * {@code COLORTRACKING_TEST_INFRA}) decides; by default containers are used when a Docker engine answers.
     */
    static synchronized boolean useContainers() {
        String choice = System.getProperty("colortracking.test.infra", System.getenv("COLORTRACKING_TEST_INFRA"));
        if ("embedded".equals(choice)) {
            return false;
        }
        if ("docker".equals(choice)) {
            return true;
        }
        if (available == null) {
            // no socket and no DOCKER_HOST: do not even ask Testcontainers (it logs an error page)
            boolean maybe = System.getenv("DOCKER_HOST") != null
                    || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
            available = maybe && DockerClientFactory.instance().isDockerAvailable();
        }
        return available;
    }
}
