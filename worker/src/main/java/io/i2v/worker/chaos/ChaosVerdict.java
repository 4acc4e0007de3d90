package io.i2v.worker.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.storage.S3Keys;
import io.i2v.local.EmbeddedAws;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The end of a chaos run: per job, SUCCEEDED, results stored, success events and renders counted
 * from the job records, the worker logs, the events queue and (with {@code --backend nemo}) the
 * simulator, printed as histograms, and the verdict. A render counts when it finished, which is when
 * it is kept on the worker's disk (flushed, its description renamed into place); a later delivery
 * takes a kept render over, so a second count means a render made twice. A SIGKILL between the
 * encoder closing and the render being kept (the poster and a flush) costs a render that is not
 * counted: the count cannot see it. A result counts when it is uploaded; a later delivery that finds
 * the same video already stored does not upload it again and says so, which also proves an upload
 * whose own line was cut off.
 */
final class ChaosVerdict {
    private static final Pattern JOB_LINE =
            Pattern.compile("job (job_[a-z2-7]{26}): (render finished|result stored|result found in S3)");

    private final EmbeddedAws aws;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Path dir;
    private final List<Path> logs;
    private final String simulatorUrl;
    private final boolean cloud;

    ChaosVerdict(
            EmbeddedAws aws,
            ObjectMapper json,
            HttpClient http,
            Path dir,
            List<Path> logs,
            String simulatorUrl,
            boolean cloud) {
        this.aws = aws;
        this.json = json;
        this.http = http;
        this.dir = dir;
        this.logs = logs;
        this.simulatorUrl = simulatorUrl;
        this.cloud = cloud;
    }

    /** Prints the counts and the verdict; returns the exit code (0: every job once, nothing twice). */
    int report(List<String> ids, Map<String, String> states, long start) throws Exception {
        Map<String, Integer> renders = new HashMap<>();
        Map<String, Integer> stores = new HashMap<>();
        Map<String, Integer> found = new HashMap<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = JOB_LINE.matcher(line);
                if (m.find()) {
                    Map<String, Integer> count = switch (m.group(2)) {
                        case "render finished" -> renders;
                        case "result stored" -> stores;
                        default -> found;
                    };
                    count.merge(m.group(1), 1, Integer::sum);
                }
            }
        }
        // a delivery that found the result uploaded proves an upload whose own line a SIGKILL may have cut off
        found.keySet().forEach(id -> stores.putIfAbsent(id, 1));
        Map<String, Integer> successEvents = successEvents();
        long succeeded = states.values().stream().filter("SUCCEEDED"::equals).count();
        System.out.printf("%nchaos: finished in %.0f s with %d worker starts%n", ChaosRun.seconds(start), logs.size());
        System.out.printf("jobs SUCCEEDED: %d of %d%n", succeeded, ids.size());
        print("results stored per job", ids, stores);
        print("success events per job", ids, successEvents);
        Map<String, Integer> instructions = new HashMap<>();
        if (cloud) {
            Map<String, int[]> counts = cloudCounts(ids);
            counts.forEach((id, c) -> {
                instructions.put(id, c[0]);
                renders.put(id, c[1]); // renders the cloud was asked for
            });
            print("instructions sent per job (simulator)", ids, instructions);
            print("renders per job (simulator)", ids, renders);
        } else {
            print("renders per job", ids, renders);
            System.out.println("instructions sent per job: n/a with the local backend (--backend nemo counts them)");
        }
        boolean ok = succeeded == ids.size()
                && ids.stream()
                        .allMatch(id -> stores.getOrDefault(id, 0) == 1
                                && successEvents.getOrDefault(id, 0) == 1
                                && renders.getOrDefault(id, 0) == 1
                                && (!cloud || instructions.getOrDefault(id, 0) == 1));
        System.out.println(
                ok ? "chaos: OK — nothing lost, nothing done twice" : "chaos: FAILED expectations; logs in " + dir);
        return ok ? 0 : 1;
    }

    private void print(String what, List<String> ids, Map<String, Integer> counts) {
        Map<Integer, Long> histogram = new TreeMap<>();
        ids.forEach(id -> histogram.merge(counts.getOrDefault(id, 0), 1L, Long::sum));
        StringBuilder sb = new StringBuilder();
        histogram.forEach((n, jobsWithN) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(jobsWithN)
                .append(jobsWithN == 1 ? " job" : " jobs")
                .append(" × ")
                .append(n));
        boolean allOne = histogram.size() == 1 && histogram.containsKey(1);
        System.out.printf("%s: %s (%s)%n", what, allOne ? "1" : "not always 1", sb);
    }

    private Map<String, Integer> successEvents() throws Exception {
        SqsClient sqs = aws.sqsClient();
        String url = sqs.getQueueUrl(b -> b.queueName("chaos-events.fifo")).queueUrl();
        Map<String, Integer> counts = new HashMap<>();
        int empty = 0;
        while (empty < 3) {
            var messages = sqs.receiveMessage(
                            b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            empty = messages.isEmpty() ? empty + 1 : 0;
            for (var m : messages) {
                JsonNode e = json.readTree(m.body());
                if ("job.succeeded".equals(e.get("type").asText())) {
                    counts.merge(e.get("jobId").asText(), 1, Integer::sum);
                }
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return counts;
    }

    /** Per job, from the simulator: instructions and renders its session received. */
    private Map<String, int[]> cloudCounts(List<String> ids) throws Exception {
        JsonNode record = json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(simulatorUrl + "/_sim/record"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        S3Client s3 = aws.s3Client();
        Map<String, int[]> counts = new HashMap<>();
        for (String id : ids) {
            JsonNode status = json.readTree(
                    s3.getObjectAsBytes(b -> b.bucket(ChaosRun.BUCKET).key(S3Keys.status(id)))
                            .asByteArray());
            String session = status.path("checkpoints").path("nemo.session").asText(null);
            counts.put(
                    id,
                    session == null
                            ? new int[] {0, 0}
                            : new int[] {
                                record.path("instructions").path(session).asInt(),
                                record.path("renders").path(session).asInt()
                            });
        }
        return counts;
    }
}
