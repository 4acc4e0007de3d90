package io.i2v.worker.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.I2vException;
import io.i2v.worker.backend.BackendJob;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol's reading rules: event forms, envelopes, the error table, GUI phrases, drafts, uploads. */
class NemoProtocolTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void streamEventsAreReadInBothPayloadFormsAndUnknownKindsAreIgnored() {
        assertEquals(
                StreamEvent.Kind.TEXT,
                one("{\"type\":\"text\",\"content\":\"Hi\"}").kind());
        assertEquals("Hi", one("{\"type\":\"text\",\"content\":\"Hi\"}").text());
        assertEquals(
                "generate_video",
                one("{\"type\":\"tool_call\",\"name\":\"generate_video\",\"args\":{}}")
                        .name());
        assertEquals(
                StreamEvent.Kind.TOOL_RESULT,
                one("{\"type\":\"tool_result\",\"name\":\"x\",\"result\":1}").kind());
        assertEquals(StreamEvent.Kind.HEARTBEAT, one("{\"type\":\"heartbeat\"}").kind());
        assertEquals(StreamEvent.Kind.KEEPALIVE, one("").kind());
        assertEquals(
                StreamEvent.Kind.OTHER,
                one("{\"type\":\"usage\",\"tokens\":3,\"new\":true}").kind());
        assertEquals(StreamEvent.Kind.OTHER, one("not json").kind());

        List<StreamEvent> agent = StreamEvent.parse(
                json,
                "{\"author\":\"nemo_agent\",\"content\":{\"parts\":["
                        + "{\"text\":\"Working on it\"},{\"functionCall\":{\"name\":\"generate_video\",\"args\":{}}},"
                        + "{\"functionResponse\":{\"name\":\"generate_video\",\"response\":{}}}]}}");
        assertEquals(
                List.of(StreamEvent.Kind.TEXT, StreamEvent.Kind.TOOL_CALL, StreamEvent.Kind.TOOL_RESULT),
                agent.stream().map(StreamEvent::kind).toList());
        assertEquals("Working on it", agent.get(0).text());
        assertFalse(one("{\"type\":\"heartbeat\"}").progress(), "a heartbeat is liveness, not progress");
    }

    @Test
    void allThreeEnvelopesUnwrapToTheSamePayload() throws Exception {
        JsonNode code = json.readTree("{\"code\":0,\"message\":\"ok\",\"data\":{\"session_id\":\"s1\"}}");
        JsonNode success = json.readTree("{\"success\":true,\"data\":{\"session_id\":\"s1\"}}");
        JsonNode bare = json.readTree("{\"session_id\":\"s1\"}");
        for (JsonNode body : List.of(code, success, bare)) {
            assertEquals("s1", Envelope.data(body).path("session_id").asText());
            assertNull(Envelope.error(200, body));
        }
    }

    @Test
    void errorTableRowsBecomeTypedErrorsAndStableJobCodes() throws Exception {
        for (int expired : new int[] {1001, 1010, 1011}) {
            assertInstanceOf(NemoError.TokenRejected.class, error(200, "{\"code\":" + expired + "}"));
        }
        assertInstanceOf(NemoError.SessionNotFound.class, error(404, "{\"code\":1002}"));
        assertInstanceOf(NemoError.MissingClientId.class, error(400, "{\"code\":400}"));
        assertInstanceOf(NemoError.RateLimited.class, error(429, "{}"));
        assertJob(error(200, "{\"code\":2001}"), "insufficient_credits");
        assertJob(error(200, "{\"code\":4001,\"message\":\"heic\"}"), "unsupported_format");
        assertJob(error(200, "{\"code\":4002}"), "file_too_large");
        assertJob(error(402, "{\"code\":402}"), "plan_upgrade_required");
        assertInstanceOf(NemoError.Unexpected.class, error(500, "{}"));
        assertTrue(error(500, "{}").toJobError().retryable(), "a server error may pass");
    }

    @Test
    void guiInstructionsAreForUsNotForPeople() {
        assertEquals("Your video is ready!", GuiPhrases.forPeople("Your video is ready! Click Export to download it."));
        assertTrue(GuiPhrases.asksToExport("Your video is ready! Click Export to download it."));
        assertEquals("", GuiPhrases.forPeople("Open the music panel and drag the clip."));
        assertEquals("", GuiPhrases.forPeople("You can preview it in the timeline."));
        assertEquals("I added lo-fi music.", GuiPhrases.forPeople("I added lo-fi music."));
        assertTrue(GuiPhrases.isTemporaryIssue("I encountered a temporary issue. Please try again."));
    }

    @Test
    void draftsAreSummarisedAndOnlyExportableWithSegments() throws Exception {
        JsonNode draft = json.readTree("{\"t\":[{\"tt\":0,\"sg\":[{\"n\":\"city timelapse\",\"s\":0,\"d\":10000}]},"
                + "{\"tt\":1,\"sg\":[{\"n\":\"Lo-fi\",\"s\":0,\"d\":10000,\"v\":35}]},"
                + "{\"tt\":7,\"sg\":[{\"text\":\"Urban Dreams\",\"s\":0,\"d\":3000}]}],\"d\":10000,\"m\":{}}");
        assertEquals(
                "Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) "
                        + "3. Title: \"Urban Dreams\" (0-3s)",
                Drafts.summary(draft));
        assertTrue(Drafts.exportable(draft));
        assertFalse(Drafts.exportable(json.readTree("{\"t\":[{\"tt\":0,\"sg\":[]}]}")));
        assertFalse(Drafts.exportable(json.readTree("{\"d\":0}")));
        assertEquals("none", Drafts.fingerprint(json.readTree("{\"video_infos\":[]}")));
    }

    @Test
    void heicInputIsUploadedAsJpegAndAcceptedFormatsAsTheyAre(@TempDir Path dir) throws Exception {
        // the bytes start like a HEIC file (the decoder already turned it into pixels)
        Path heic = dir.resolve("photo.heic");
        Files.write(heic, new byte[] {
            0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c', 0,
            0, 0, 0, 0, 0, 0, 0
        });
        BufferedImage pixels = new BufferedImage(64, 48, BufferedImage.TYPE_INT_ARGB);
        Path upload = UploadFile.prepare(new BackendJob.InputImage("photo.heic", pixels, heic), 0, dir);
        assertEquals("photo.jpg", upload.getFileName().toString());
        BufferedImage back = ImageIO.read(upload.toFile());
        assertEquals(64, back.getWidth());

        Path png = dir.resolve("in.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        Path asIs = UploadFile.prepare(
                new BackendJob.InputImage("my scene.png", null, png), 1, Files.createDirectories(dir.resolve("b")));
        assertEquals("my_scene.png", asIs.getFileName().toString());
        assertEquals(Files.size(png), Files.size(asIs));
    }

    private StreamEvent one(String data) {
        List<StreamEvent> events = StreamEvent.parse(json, data);
        assertEquals(1, events.size());
        return events.get(0);
    }

    private NemoError error(int status, String body) throws Exception {
        return Envelope.error(status, json.readTree(body));
    }

    private static void assertJob(NemoError error, String code) {
        I2vException e = error.toJobError();
        assertEquals(code, e.code().code());
        assertFalse(e.retryable(), code + " must not be retried");
    }
}
