package io.i2v.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void terminalLineShowsStageBarPercentElapsedAndTimeLeft() {
        assertEquals(
                "RUNNING rendering  [#########...............]  40%  0:12 elapsed, ~0:15 left",
                ProgressLine.bar("RUNNING", "rendering", 40, Duration.ofSeconds(12), Duration.ofSeconds(10)));
    }

    @Test
    void noEstimateBeforeTheJobRunsOrAfterItIsDone() {
        assertEquals(
                "QUEUED  [........................]   0%  0:03 elapsed",
                ProgressLine.bar("QUEUED", null, null, Duration.ofSeconds(3), null));
        assertEquals(
                "SUCCEEDED  [########################] 100%  1:02:05 elapsed",
                ProgressLine.bar("SUCCEEDED", null, 100, Duration.ofSeconds(3725), Duration.ofSeconds(3700)));
    }

    @Test
    void plainLinesStayAsScriptsKnowThem() {
        assertEquals("RUNNING rendering 40%", ProgressLine.plain("RUNNING", "rendering", 40));
        assertEquals("QUEUED", ProgressLine.plain("QUEUED", null, null));
    }
}
