package io.colortracking.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeatGridTest {

    @Test
    void eachCellHoldsItsLowerEdgeAndTheLastCellAlsoTheFarEdge() {
        // given the grid's edges, 0.03125 · k (exact in binary)
        for (int k = 0; k < HeatGrid.GRID; k++) {
            double edge = 0.03125 * k;

            // when / then: an edge starts its cell; just below it is still the previous one
            assertThat(HeatGrid.cellOf(edge)).as("edge %s", edge).isEqualTo(k);
            if (k > 0) {
                assertThat(HeatGrid.cellOf(Math.nextDown(edge))).isEqualTo(k - 1);
            }
        }
        assertThat(HeatGrid.cellOf(0.0)).isZero();
        assertThat(HeatGrid.cellOf(1.0)).isEqualTo(31);
        assertThat(HeatGrid.cellOf(Math.nextDown(1.0))).isEqualTo(31);
        assertThat(HeatGrid.cellOf(0.5)).isEqualTo(16);
    }

    @Test
    void aGridKeepsItsNonZeroCellsRowByRowAndGivesItsDenseFormBack() {
        // given
        long[] dense = new long[HeatGrid.CELLS];
        dense[HeatGrid.indexOf(31, 31)] = 2;
        dense[HeatGrid.indexOf(5, 0)] = 1;
        dense[HeatGrid.indexOf(0, 1)] = 7;

        // when
        HeatGrid grid = HeatGrid.of("demo", "grid", Action.CLICK, "red", dense, 3, Instant.EPOCH);

        // then
        assertThat(grid.cells()).containsExactly(new long[] {5, 0, 1}, new long[] {0, 1, 7}, new long[] {31, 31, 2});
        assertThat(grid.dense()).isEqualTo(dense);
        assertThat(grid.key()).isEqualTo("demo:grid:click:red");
        // a cell outside the grid (as a foreign writer might put it on the topic) is refused
        var outside =
                new HeatGrid("demo", "grid", Action.CLICK, "red", List.of(new long[] {32, 0, 1}), 1, Instant.EPOCH);
        org.assertj.core.api.Assertions.assertThatThrownBy(outside::dense).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void positionRulesAskForANamedAreaAndBothCoordinatesInRange() {
        // given
        var palette = java.util.Set.of("red");

        // when / then
        assertThat(ColorEventRules.positionProblem(event("grid", 0.0, 1.0))).isNull();
        assertThat(ColorEventRules.positionProblem(event(null, 0.5, 0.5))).isNull();
        assertThat(ColorEventRules.positionProblem(event("grid", null, null))).isNull();
        assertThat(ColorEventRules.positionProblem(event("grid", 0.5, null))).contains("both or neither");
        assertThat(ColorEventRules.positionProblem(event("grid", null, 0.5))).contains("both or neither");
        assertThat(ColorEventRules.positionProblem(event("grid", 1.0001, 0.5))).contains("'x' must be");
        assertThat(ColorEventRules.positionProblem(event("grid", 0.5, -0.1))).contains("'y' must be");
        assertThat(ColorEventRules.positionProblem(event("Grid", 0.5, 0.5))).contains("'area' must be");
        assertThat(ColorEventRules.positionProblem(event("-grid", 0.5, 0.5))).contains("'area' must be");
        assertThat(ColorEventRules.positionProblem(event("a".repeat(33), 0.5, 0.5)))
                .contains("'area' must be");
        assertThat(ColorEventRules.positionProblem(event("a".repeat(32), 0.5, 0.5)))
                .isNull();
        // counting does not depend on the position
        assertThat(ColorEventRules.problemWith(event("Grid", 7.0, null), palette))
                .isNull();
        assertThat(event("grid", 0.5, 0.5).withoutPosition().hasPosition()).isFalse();
    }

    private static ColorEvent event(String area, Double x, Double y) {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        return new ColorEvent(UUID.randomUUID(), "demo", Action.CLICK, "red", now, now, null, area, x, y);
    }
}
