package io.i2v.worker.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.job.JobOptions;
import org.junit.jupiter.api.Test;

class PromptInterpreterTest {
    final PromptInterpreter interpreter = new PromptInterpreter(new PromptInterpreter.Defaults(1920, 30, 10));

    RenderPlan plan(String prompt) {
        return interpreter.interpret(prompt, JobOptions.none());
    }

    @Test
    void theProductExampleGivesTenSecondsOf1080pWithAnEasedPushIn() {
        RenderPlan p = plan("animate this image into a 10-second cinematic video with smooth motion");
        assertEquals(1920, p.width());
        assertEquals(1080, p.height());
        assertEquals(30, p.fps());
        assertEquals(300, p.frameCount());
        assertEquals("push in", p.motion());
        assertTrue(p.camera().endZoom() > p.camera().startZoom());
    }

    @Test
    void durationIsReadInEveryCommonSpelling() {
        assertEquals(10, plan("10s clip").durationSeconds());
        assertEquals(7.5, plan("make it 7.5 seconds").durationSeconds());
        assertEquals(6, plan("生成一个 6 秒的视频").durationSeconds());
        assertEquals(10, plan("no duration here").durationSeconds());
    }

    @Test
    void outOfRangeDurationIsClampedAndSaidSo() {
        RenderPlan p = plan("a 500 second epic");
        assertEquals(60, p.durationSeconds());
        assertTrue(p.interpretation().notUnderstood().get(0).contains("outside 1–60 s"));
    }

    @Test
    void verticalSquareAnd720pShapeTheFrame() {
        assertEquals(1080, plan("vertical video for TikTok").width());
        assertEquals(1920, plan("竖屏视频").height());
        assertEquals(1080, plan("square post").height());
        assertEquals(1080, plan("square post").width());
        RenderPlan small = plan("720p please");
        assertEquals(1280, small.width());
        assertEquals(720, small.height());
        assertEquals(1350, plan("4:5 for instagram").height());
    }

    @Test
    void frameRateAndMotionFollowTheText() {
        assertEquals(60, plan("smooth 60 fps").fps());
        assertEquals("zoom out", plan("slowly zoom out").motion());
        assertEquals("pan left", plan("pan left across the skyline").motion());
        assertEquals("static", plan("static shot").motion());
    }

    @Test
    void explicitOptionsWinOverTheText() {
        RenderPlan p = interpreter.interpret("a 10-second vertical video", new JobOptions(3.0, 640, 360, 24, null,
                "zoom out", null));
        assertEquals(3, p.durationSeconds());
        assertEquals(640, p.width());
        assertEquals(360, p.height());
        assertEquals(24, p.fps());
        assertEquals("zoom out", p.motion());
    }

    @Test
    void whatCannotBeDoneIsReportedNotDropped() {
        RenderPlan p = plan("add the title \"Summer Sale\" with upbeat music, export as gif");
        String notDone = String.join("; ", p.interpretation().notUnderstood());
        assertTrue(notDone.contains("Summer Sale"), notDone);
        assertTrue(notDone.contains("music"), notDone);
        assertTrue(notDone.contains("MP4"), notDone);
    }
}
