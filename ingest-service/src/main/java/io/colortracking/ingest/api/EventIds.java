package io.colortracking.ingest.api;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Ids for events sent without one: version 7 UUIDs (RFC 9562: 48 bits of Unix milliseconds, then 74
 * random bits), so the ids of one moment sort together.
 *
 * <p>Why not {@link UUID#randomUUID()}: it draws from the shared, locked {@code SecureRandom} for
 * every id, 7.5 % of ingest's serving thread in benchmark P1 (bench/README.md). These ids only have
 * to be unique, never secret: nobody sees them (the answer does not give them), so nobody can send
 * them again. So they come from the thread's own {@link ThreadLocalRandom} (a per-thread
 * {@code ThreadLocal} generator cost another 2.7 % in its lookups): 64 bits of state per thread, so
 * two ids of one millisecond meet only where two threads' (or instances') sequences overlap, which at
 * any realistic rate they do not; within a thread two consecutive draws never repeat.
 */
final class EventIds {

    private EventIds() {}

    static UUID next() {
        return next(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    static UUID next(long unixMillis, RandomGenerator random) {
        long high = (unixMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
