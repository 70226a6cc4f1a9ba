package io.colortracking.counter.counting;

import io.colortracking.counter.persistence.BucketRepository;
import io.colortracking.counter.persistence.Catalog;
import io.colortracking.counter.persistence.CounterRepository;
import io.colortracking.counter.persistence.EventIdRepository;
import io.colortracking.counter.persistence.HeatRepository;
import io.colortracking.counter.persistence.OffsetRepository;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.ColorEvent;
import io.colortracking.events.HeatGrid;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Counts a batch of consumed events exactly once, in one transaction that also stores the next
 * offset of every partition in the batch. Why this is exact: the batch's offset rows are locked
 * first and records below them dropped (a redelivery after a crash, or a second consumer during a
 * rebalance, counts nothing twice); ids seen before (a client's retry) are not counted again, in
 * the counts or the heatmaps; the counts change by one upsert per distinct counter, bucket and
 * heatmap (its 1024 cells added at once), whatever the number of events.
 */
@ApplicationScoped
public class CountingService {

    private static final Logger LOG = Logger.getLogger(CountingService.class);
    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /**
     * What a batch changed: how many events it counted, the counters and the all-time heatmaps at
     * their new values.
     */
    public record BatchResult(int counted, List<ColorAggregate> changed, List<HeatGrid> heat) {}

    private final OffsetRepository offsets;
    private final EventIdRepository eventIds;
    private final CounterRepository counters;
    private final BucketRepository buckets;
    private final HeatRepository heat;
    private final Catalog catalog;

    public CountingService(
            OffsetRepository offsets,
            EventIdRepository eventIds,
            CounterRepository counters,
            BucketRepository buckets,
            HeatRepository heat,
            Catalog catalog) {
        this.offsets = offsets;
        this.eventIds = eventIds;
        this.counters = counters;
        this.buckets = buckets;
        this.heat = heat;
        this.catalog = catalog;
    }

    @Transactional(rollbackOn = Exception.class)
    public BatchResult count(String consumerGroup, List<ConsumedEvent> batch) throws SQLException {
        SortedSet<TopicPartition> partitions = new TreeSet<>(PARTITION_ORDER);
        batch.forEach(consumed -> partitions.add(consumed.topicPartition()));
        Map<TopicPartition, Long> nextOffsets = offsets.lock(consumerGroup, partitions);
        List<ColorEvent> fresh = new ArrayList<>();
        for (ConsumedEvent consumed : batch) {
            if (consumed.offset() < nextOffsets.get(consumed.topicPartition())) {
                continue; // counted by an earlier transaction
            }
            nextOffsets.put(consumed.topicPartition(), consumed.offset() + 1);
            if (consumed.event() == null || catalog.colorId(consumed.event().color()) == null) {
                LOG.warnf(
                        "Not counted: %s@%d holds no valid event of the palette",
                        consumed.topicPartition(), consumed.offset());
                continue;
            }
            fresh.add(consumed.event());
        }
        List<ColorEvent> firstSeen = eventIds.recordFirstSeen(fresh);
        BatchSums sums = BatchSums.of(catalog, firstSeen);
        List<ColorAggregate> changed = counters.add(sums.counters());
        buckets.add(sums.buckets());
        heat.addDays(sums.heatDays());
        List<HeatGrid> heatChanged = heat.addTotals(sums.heatGrids());
        offsets.store(consumerGroup, nextOffsets);
        return new BatchResult(firstSeen.size(), changed, heatChanged);
    }
}
