package io.colortracking.broadcast.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.config.BroadcastConfig;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.events.Action;
import io.colortracking.events.ColorAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveFormatTest {

    private final CountsView view = new CountsView(palette());
    private final LiveFormat format = new LiveFormat(new ObjectMapper());
    private final LiveSession session = new LiveSession(null, "k", format);

    @Test
    void aChangeTheSnapshotAlreadyHeldIsNotSentAgainAndAnOlderOneNever() {
        // given: the snapshot went out with red at version 5
        view.apply(new ColorAggregate("k", Action.CLICK, "red", 5, 5, Instant.EPOCH));
        format.opening(session, view);

        // when: the same change arrives late, then an older one, then a newer one
        List<String> same = format.update(session, List.of(new Frames.Change("click", "red", 5, 5)), List.of(), view);
        List<String> older = format.update(session, List.of(new Frames.Change("click", "red", 4, 4)), List.of(), view);
        List<String> newer = format.update(session, List.of(new Frames.Change("click", "red", 6, 6)), List.of(), view);

        // then
        assertThat(same).isEmpty();
        assertThat(older).isEmpty();
        assertThat(newer).singleElement().asString().contains("\"amount\":6", "\"version\":6");
    }

    private static BroadcastConfig palette() {
        return new BroadcastConfig() {
            @Override
            public List<String> palette() {
                return List.of("blue", "green", "red", "yellow");
            }

            @Override
            public Live live() {
                return new Live() {
                    @Override
                    public Duration flushInterval() {
                        return Duration.ofMillis(50);
                    }

                    @Override
                    public Duration stuckTimeout() {
                        return Duration.ofSeconds(30);
                    }

                    @Override
                    public Optional<Integer> sendBufferSize() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public Cable cable() {
                return null;
            }

            @Override
            public Cursors cursors() {
                return null;
            }
        };
    }
}
