package io.colortracking.counter.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colortracking.events.HeatGrid;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapGridTest {

    @Test
    void atFullResolutionTheCellsAreSortedByRowThenColumnWithTotalAndMax() {
        // given
        long[] cells = dense(new long[][] {{31, 31, 2}, {5, 0, 1}, {0, 31, 7}, {0, 0, 3}});

        // when
        HeatmapGrid grid = HeatmapGrid.fold(cells, 32);

        // then
        assertThat(grid.bins())
                .containsExactly(
                        new HeatmapGrid.Cell(0, 0, 3),
                        new HeatmapGrid.Cell(5, 0, 1),
                        new HeatmapGrid.Cell(0, 31, 7),
                        new HeatmapGrid.Cell(31, 31, 2));
        assertThat(grid.total()).isEqualTo(13);
        assertThat(grid.max()).isEqualTo(7);
    }

    @Test
    void aLowerResolutionSumsWholeBlocksAndKeepsTheTotal() {
        // given: one event in every 32-cell, and a heavy corner
        long[] cells = new long[HeatGrid.CELLS];
        Arrays.fill(cells, 1);
        cells[HeatGrid.indexOf(31, 31)] = 10;

        for (int resolution : new int[] {16, 8, 4, 2, 1}) {
            // when
            HeatmapGrid grid = HeatmapGrid.fold(cells, resolution);

            // then: resolution² cells, each holding its block, the last one the corner's 9 extra
            int block = 32 / resolution;
            assertThat(grid.bins()).hasSize(resolution * resolution);
            assertThat(grid.total()).isEqualTo(1024 + 9);
            if (resolution > 1) { // at 1, the first cell is the corner's too
                assertThat(grid.bins().get(0)).isEqualTo(new HeatmapGrid.Cell(0, 0, (long) block * block));
            }
            assertThat(grid.bins().get(grid.bins().size() - 1))
                    .isEqualTo(new HeatmapGrid.Cell(resolution - 1, resolution - 1, (long) block * block + 9));
            assertThat(grid.max()).isEqualTo((long) block * block + 9);
        }
    }

    @Test
    void blocksAreAlignedToTheirLowerEdge() {
        // given: cells 3 and 4 of row 7 (the edge between two 8-cells at resolution 8)
        long[] cells = dense(new long[][] {{3, 7, 1}, {4, 7, 2}, {4, 8, 4}});

        // when
        HeatmapGrid grid = HeatmapGrid.fold(cells, 8);

        // then: (3, 7) → (0, 1), (4, 7) → (1, 1), (4, 8) → (1, 2)
        assertThat(grid.bins())
                .containsExactly(
                        new HeatmapGrid.Cell(0, 1, 1), new HeatmapGrid.Cell(1, 1, 2), new HeatmapGrid.Cell(1, 2, 4));
    }

    @Test
    void anEmptyHeatmapHasNoCellsAndZeroes() {
        // when
        HeatmapGrid grid = HeatmapGrid.fold(new long[HeatGrid.CELLS], 4);

        // then
        assertThat(grid.bins()).isEmpty();
        assertThat(grid.total()).isZero();
        assertThat(grid.max()).isZero();
    }

    @Test
    void onlyPowersOfTwoUpToTheGridAreResolutions() {
        long[] empty = new long[HeatGrid.CELLS];
        assertThatThrownBy(() -> HeatmapGrid.fold(empty, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeatmapGrid.fold(empty, 64)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gridsAddUpCellByCell() {
        // given: two days (or colors) of one area
        long[] monday = dense(new long[][] {{0, 0, 1}, {31, 31, 2}});
        long[] tuesday = dense(new long[][] {{0, 0, 4}, {1, 0, 8}});

        // when
        long[] both = HeatmapGrid.sum(List.of(monday, tuesday));

        // then
        assertThat(HeatmapGrid.fold(both, 32).bins())
                .containsExactly(
                        new HeatmapGrid.Cell(0, 0, 5), new HeatmapGrid.Cell(1, 0, 8), new HeatmapGrid.Cell(31, 31, 2));
        assertThat(HeatmapGrid.sum(List.of())).containsOnly(0L);
    }

    /** A dense grid from [bx, by, count] triples. */
    private static long[] dense(long[][] cells) {
        long[] dense = new long[HeatGrid.CELLS];
        for (long[] cell : cells) {
            dense[HeatGrid.indexOf((int) cell[0], (int) cell[1])] += cell[2];
        }
        return dense;
    }
}
