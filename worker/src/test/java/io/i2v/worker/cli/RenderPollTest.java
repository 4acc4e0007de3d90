package io.i2v.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How often animate asks for its job's status while the local render runs. */
class RenderPollTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void earlyInALongRenderItAsksOnceASecond() {
        // 5% → 20% in 2 s: about 9 s left
        assertEquals(1000, AnimateCommand.renderPoll(5, 20, 2 * SECOND));
    }

    @Test
    void nearTheEndItAsksOftenSoTheEndIsSeenSoon() {
        // 5% → 85% in 8 s: 0.5 s left, so about every 170 ms
        long ms = AnimateCommand.renderPoll(5, 85, 8 * SECOND);
        assertTrue(ms > 100 && ms < 250, "polls every " + ms + " ms");
        assertEquals(50, AnimateCommand.renderPoll(5, 90, 8 * SECOND));
    }

    @Test
    void withoutARateYetItAsksEveryQuarterSecond() {
        assertEquals(250, AnimateCommand.renderPoll(5, 5, SECOND));
        assertEquals(250, AnimateCommand.renderPoll(null, 40, SECOND));
    }
}
