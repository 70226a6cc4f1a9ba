package io.colortracking.ingest.api;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Ids for events sent without one: version 7 UUIDs (RFC 9562: 48 bits of Unix milliseconds, then 74
 * random bits), so the ids of one moment sort together, which keeps the counter's dedupe index
 * writes near each other.
 *
 * <p>Why not {@link UUID#randomUUID()}: it draws from the shared, locked {@link SecureRandom} for
 * every id, 7 % of ingest's serving thread in benchmark P1 (bench/README.md). These ids only have
 * to be unique, never secret: nobody sees them (the answer does not give them) and nobody can send
 * them again. So each thread draws from its own {@link SplittableRandom}, seeded from
 * {@link SecureRandom}; two ids of one millisecond meet with a chance of about 2<sup>-74</sup>.
 */
final class EventIds {

    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<SplittableRandom> RANDOM =
            ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

    private EventIds() {}

    static UUID next() {
        return next(System.currentTimeMillis(), RANDOM.get());
    }

    static UUID next(long unixMillis, SplittableRandom random) {
        long high = (unixMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
