package io.i2v.worker.render;

import java.util.Arrays;

/**
 * Per row, sorted and disjoint column runs {@code [from, to)}: where a layer shows, or where it
 * hides what is under it. A subject in two pieces (a hand and a face, two bottles) has two runs
 * in a row, so the gap between them is neither drawn as subject nor skipped as background.
 * Written row by row ({@link #reset}, {@link #add}, {@link #endRow}) and reused frame after frame.
 */
final class Runs {
    private int rows;
    private int[] start = new int[1];
    private int[] cols = new int[16];
    private int n;

    /** Starts over with no rows. */
    Runs reset() {
        rows = 0;
        n = 0;
        start[0] = 0;
        return this;
    }

    /** Appends {@code [from, to)} to the current row; one that touches or overlaps the row's last run joins it. */
    void add(int from, int to) {
        if (to <= from) {
            return;
        }
        if (n > start[rows] && from <= cols[n - 1]) {
            cols[n - 1] = Math.max(cols[n - 1], to);
            return;
        }
        if (n + 2 > cols.length) {
            cols = Arrays.copyOf(cols, cols.length * 2);
        }
        cols[n++] = from;
        cols[n++] = to;
    }

    /** Closes the current row and starts the next. */
    void endRow() {
        rows++;
        if (rows + 1 > start.length) {
            start = Arrays.copyOf(start, Math.max(16, start.length * 2));
        }
        start[rows] = n;
    }

    int rows() {
        return rows;
    }

    /** How many runs row {@code r} has. */
    int count(int r) {
        return (start[r + 1] - start[r]) / 2;
    }

    int from(int r, int k) {
        return cols[start[r] + 2 * k];
    }

    int to(int r, int k) {
        return cols[start[r] + 2 * k + 1];
    }
}
