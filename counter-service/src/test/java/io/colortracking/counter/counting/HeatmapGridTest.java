package io.colortracking.counter.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colortracking.counter.persistence.HeatCellSum;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapGridTest {

    @Test
    void atFullResolutionTheCellsAreSortedByRowThenColumnWithTotalAndMax() {
        // given: cells as the database returns them, in any order
        List<HeatCellSum> cells = List.of(
                new HeatCellSum(31, 31, 2),
                new HeatCellSum(5, 0, 1),
                new HeatCellSum(0, 31, 7),
                new HeatCellSum(0, 0, 3));

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
        List<HeatCellSum> cells = new ArrayList<>();
        for (int by = 0; by < 32; by++) {
            for (int bx = 0; bx < 32; bx++) {
                cells.add(new HeatCellSum(bx, by, bx == 31 && by == 31 ? 10 : 1));
            }
        }

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
        List<HeatCellSum> cells = List.of(new HeatCellSum(3, 7, 1), new HeatCellSum(4, 7, 2), new HeatCellSum(4, 8, 4));

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
        HeatmapGrid grid = HeatmapGrid.fold(List.of(), 4);

        // then
        assertThat(grid.bins()).isEmpty();
        assertThat(grid.total()).isZero();
        assertThat(grid.max()).isZero();
    }

    @Test
    void onlyPowersOfTwoUpToTheGridAreResolutions() {
        assertThatThrownBy(() -> HeatmapGrid.fold(List.of(), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeatmapGrid.fold(List.of(), 64)).isInstanceOf(IllegalArgumentException.class);
    }
}
