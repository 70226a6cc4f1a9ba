package io.colortracking.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The event producer's settings from the produce timeout and linger, as Kafka accepts them. */
class EventProducerSettingsTest {

    @Test
    void theLingerAndTheTimeoutsBecomeTheProducersSettings() {
        // when
        Map<String, Object> settings =
                EventProducerSettings.producerConfig(Duration.ofMillis(1500), Duration.ofMillis(5));

        // then: Kafka's own rule holds, delivery timeout ≥ linger + request timeout
        assertThat(settings)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1500)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
    }

    @Test
    void aLingerThatLeavesKafkaNoRoomInTheTimeoutIsRefusedWithTheLimit() {
        // given: 500 ms fit beside the 1,000 ms request timeout in 1,500 ms; 501 do not
        assertThat(EventProducerSettings.producerConfig(Duration.ofMillis(1500), Duration.ofMillis(500)))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 500);

        // when / then
        assertThatThrownBy(() -> EventProducerSettings.producerConfig(Duration.ofMillis(1500), Duration.ofMillis(501)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colortracking.produce.linger is 501 ms")
                .hasMessageContaining("at most 500 ms");
    }
}
