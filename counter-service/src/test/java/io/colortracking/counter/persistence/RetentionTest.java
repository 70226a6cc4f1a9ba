package io.colortracking.counter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RetentionTest {

    @Inject
    DataSource dataSource;

    @Inject
    Retention retention;

    private final String apiKey = "retention-" + UUID.randomUUID();

    @Test
    void recordedSessionsAreKeptSevenDaysTheirChunksDroppedAsWholeDayPartitions() throws Exception {
        // given: sessions first stored 7 and 6 days ago (today included, the 7th day is kept)
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate expired = today.minusDays(7);
        LocalDate kept = today.minusDays(6);
        pointer.createPartitions(expired, kept);
        UUID old = insertSession(expired);
        UUID recent = insertSession(kept);

        // when
        retention.deleteExpired(now);

        // then
        assertThat(sessionRows(old)).isZero();
        assertThat(sessionRows(recent)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pointer_chunks WHERE api_key = ? AND day = '" + kept + "'"))
                .isEqualTo(1);
        assertThat(partitionExists(expired)).isFalse();
        assertThat(partitionExists(kept)).isTrue();
        assertThat(partitionExists(today.plusDays(2))).isTrue();
    }

    @Inject
    PointerRepository pointer;

    private UUID insertSession(LocalDate day) throws Exception {
        UUID session = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO pointer_sessions (api_key, session, day, started_at, samples) VALUES (?, ?, ?, ?, 1)");
                PreparedStatement chunk = connection.prepareStatement(
                        "INSERT INTO pointer_chunks (day, api_key, session, seq, received_at, sample_count, samples) "
                                + "VALUES (?, ?, ?, 0, ?, 1, '\\x01')")) {
            insert.setString(1, apiKey);
            insert.setObject(2, session);
            insert.setObject(3, day);
            insert.setTimestamp(4, Timestamp.from(day.atStartOfDay().toInstant(ZoneOffset.UTC)));
            insert.executeUpdate();
            chunk.setObject(1, day);
            chunk.setString(2, apiKey);
            chunk.setObject(3, session);
            chunk.setTimestamp(4, Timestamp.from(day.atStartOfDay().toInstant(ZoneOffset.UTC)));
            chunk.executeUpdate();
        }
        return session;
    }

    private long sessionRows(UUID session) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT count(*) FROM pointer_sessions WHERE session = ?")) {
            select.setObject(1, session);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private boolean partitionExists(LocalDate day) throws Exception {
        return partitionExists("pointer_chunks", day);
    }

    private boolean partitionExists(String table, LocalDate day) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            select.setString(1, table + "_" + day.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    @Test
    void eventIdsAreRememberedForTheDedupeWindowAndBucketsAndHeatmapDaysForTheirRetention() throws Exception {
        // given: ids and buckets on both sides of their limits
        Instant now = Instant.now();
        LocalDate countedOn = LocalDate.ofInstant(now, ZoneOffset.UTC);
        eventIds.createPartitions(countedOn.minusDays(3), countedOn);
        insertId(countedOn.minusDays(3));
        insertId(countedOn.minusDays(2));
        insertBucket("1s", now.minus(Duration.ofMinutes(61)));
        insertBucket("1s", now.minus(Duration.ofMinutes(59)));
        insertBucket("1m", now.minus(Duration.ofDays(8)));
        insertBucket("1m", now.minus(Duration.ofDays(6)));
        insertBucket("1h", now.minus(Duration.ofDays(91)));
        insertBucket("1h", now.minus(Duration.ofDays(89)));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        insertHeatDay(today.minusDays(90));
        insertHeatDay(today.minusDays(89)); // the 90th day, today included
        insertHeatDay(today);

        // when
        retention.deleteExpired(now);

        // then: ids are kept in whole days: with a 48 h window, the two days before today's are
        // still looked at (an id is remembered 48 to 72 h), the day before them is dropped whole
        assertThat(count("SELECT count(*) FROM event_ids JOIN tenant_numbers USING (tenant) WHERE api_key = ?"))
                .isEqualTo(1);
        assertThat(partitionExists("event_ids", countedOn.minusDays(3))).isFalse();
        assertThat(partitionExists("event_ids", countedOn.minusDays(2))).isTrue();
        assertThat(count("SELECT count(*) FROM count_buckets WHERE api_key = ? AND granularity = '1s'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM count_buckets WHERE api_key = ? AND granularity = '1m'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM count_buckets WHERE api_key = ? AND granularity = '1h'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM heat_days WHERE api_key = ?")).isEqualTo(2);
        assertThat(count("SELECT min(day) - current_date FROM heat_days WHERE api_key = ?"))
                .isEqualTo(-89);
    }

    private void insertHeatDay(LocalDate day) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO heat_days (api_key, area, action_id, day, color_id, cells) "
                                + "VALUES (?, 'grid', 1, ?, 1, array_fill(0::bigint, ARRAY[1024]))")) {
            statement.setString(1, apiKey);
            statement.setObject(2, day);
            statement.executeUpdate();
        }
    }

    @Inject
    EventIdRepository eventIds;

    @Inject
    TenantNumbers tenants;

    private void insertId(LocalDate countedOn) throws Exception {
        int tenant = tenants.of(java.util.List.of(apiKey)).get(apiKey);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO event_ids (event_id, tenant, counted_on) VALUES (?, ?, ?)")) {
            statement.setObject(1, UUID.randomUUID());
            statement.setInt(2, tenant);
            statement.setObject(3, countedOn);
            statement.executeUpdate();
        }
    }

    private void insertBucket(String granularity, Instant start) throws Exception {
        execute(
                "INSERT INTO count_buckets (api_key, granularity, action_id, bucket_start, color_id, amount) "
                        + "VALUES (?, '" + granularity + "', 1, ?, 1, 1)",
                start);
    }

    private void execute(String sql, Instant instant) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, apiKey);
            statement.setTimestamp(2, Timestamp.from(instant));
            statement.executeUpdate();
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, apiKey);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
