package io.colortracking.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The ids ingest makes for events sent without one: version 7, time first, never repeated. */
class EventIdsTest {

    @Test
    void anIdIsAVersionSevenUuidCarryingItsMillisecond() {
        // given
        long millis = 1_796_067_550_123L;

        // when
        UUID id = EventIds.next(millis, new SplittableRandom(1));

        // then
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(id.toString()).startsWith("01a2").hasSize(36);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnes() {
        // given
        SplittableRandom random = new SplittableRandom(2);
        UUID earlier = EventIds.next(1_796_067_550_000L, random);

        // when
        UUID later = EventIds.next(1_796_067_550_001L, random);

        // then: as text, and so in PostgreSQL's uuid order, which compares the bytes unsigned
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void aMillionIdsMadeOnFourThreadsAtOnceAreAllDifferent() throws Exception {
        // given
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            // when
            var made = new java.util.ArrayList<Future<?>>();
            for (int t = 0; t < 4; t++) {
                made.add(threads.submit(() -> {
                    for (int i = 0; i < 250_000; i++) {
                        UUID id = EventIds.next();
                        assertThat(id.version()).isEqualTo(7);
                        ids.add(id);
                    }
                }));
            }
            for (Future<?> future : made) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }

        // then
        assertThat(ids).hasSize(1_000_000);
    }
}
