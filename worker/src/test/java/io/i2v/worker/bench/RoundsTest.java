package io.i2v.worker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundsTest {
    @Test
    void oneNoisyRoundDoesNotMoveTheMedianButShowsInTheSpread() {
        Rounds r = new Rounds(new double[] {1.05, 3.90, 1.10});
        assertEquals(1.10, r.median());
        assertEquals("1.10 (1.05–3.90)", r.describe("%.2f"));
    }

    @Test
    void ratiosArePairedRoundByRound() {
        Rounds render = new Rounds(new double[] {12, 20, 11});
        Rounds floor = new Rounds(new double[] {10, 16, 10});
        assertEquals(1.2, render.over(floor).median(), 1e-9);
        assertEquals("1.10, 1.25, 1.20", new Rounds(new double[] {1.1, 1.25, 1.2}).list("%.2f"));
    }
}
