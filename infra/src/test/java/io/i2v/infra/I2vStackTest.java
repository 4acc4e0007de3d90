package io.i2v.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesised CloudFormation says what the deployment promises; assertions on intent, not snapshots. */
class I2vStackTest {
    static Template template;

    @BeforeAll
    static void synth() {
        template = StackFixture.template(true);
    }

    @Test
    void functionUrlRequiresIamAuth() {
        template.hasResourceProperties("AWS::Lambda::Url", Map.of("AuthType", "AWS_IAM"));
        template.resourceCountIs("AWS::Lambda::Url", 1);
    }

    @Test
    void functionsAreNativeByDefault() {
        Map<String, Map<String, Object>> functions = template.findResources(
                "AWS::Lambda::Function", Match.objectLike(Map.of("Properties", Map.of("Handler", Functions.HANDLER))));
        assertEquals(4, functions.size());
        functions.values().forEach(f -> assertEquals("provided.al2023", props(f).get("Runtime")));
    }

    @Test
    void jvmSwitchDeploysJava21WithSnapStartBehindAnAlias() {
        Template jvm = StackFixture.template(false);
        jvm.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of("Runtime", "java21", "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        jvm.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        jvm.hasResourceProperties("AWS::Lambda::Url", Map.of("AuthType", "AWS_IAM", "Qualifier", Match.anyValue()));
    }

    @Test
    void jobAndIntakeQueuesRedriveToDeadLetterQueuesAndAreEncrypted() {
        Capture dlq = new Capture();
        template.hasResourceProperties(
                "AWS::SQS::Queue",
                Map.of(
                        "VisibilityTimeout",
                        1800,
                        "RedrivePolicy",
                        Map.of(
                                "deadLetterTargetArn",
                                Map.of("Fn::GetAtt", List.of(dlq, "Arn")),
                                "maxReceiveCount",
                                5)));
        assertTrue(dlq.asString().contains("JobsDlq"), dlq.asString());
        template.hasResourceProperties(
                "AWS::SQS::Queue", Map.of("VisibilityTimeout", 180, "RedrivePolicy", Map.of("maxReceiveCount", 3)));
        template.findResources("AWS::SQS::Queue")
                .values()
                .forEach(q -> assertEquals(true, props(q).get("SqsManagedSseEnabled"), "queue encryption"));
    }

    @Test
    void theEventsQueueIsFifoSoACopyOfAnEventIsDroppedByItsId() {
        Map<String, Map<String, Object>> fifo = template.findResources(
                "AWS::SQS::Queue", Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("FifoQueue", true)))));
        assertEquals(1, fifo.size(), "only the events queue: webhook retries need per-message delays");
        assertTrue(
                fifo.keySet().iterator().next().contains("Events"),
                fifo.keySet().toString());
        // deduplicated by the event id the publisher sets, not by the body
        assertEquals(false, props(fifo.values().iterator().next()).get("ContentBasedDeduplication"));
    }

    @Test
    void intakeDeadLetterQueueTriggersItsOwnHandlerWithBatchItemFailures() {
        Map<String, Map<String, Object>> handlers = template.findResources(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Properties",
                        Map.of(
                                "Environment",
                                Map.of("Variables", Match.objectLike(Map.of("QUARKUS_LAMBDA_HANDLER", "sqs-dlq")))))));
        assertEquals(1, handlers.size());
        Map<String, Map<String, Object>> mappings = template.findResources(
                "AWS::Lambda::EventSourceMapping",
                Match.objectLike(Map.of(
                        "Properties",
                        Match.objectLike(Map.of("FunctionResponseTypes", List.of("ReportBatchItemFailures"))))));
        assertEquals(2, mappings.size(), "the intake queue and its dead-letter queue");
        assertTrue(mappings.toString().contains("IntakeDlq"), mappings.toString());
    }

    @Test
    void intakeQueueTriggerReportsBatchItemFailures() {
        template.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping",
                Map.of("FunctionResponseTypes", List.of("ReportBatchItemFailures"), "BatchSize", 10));
    }

    @Test
    void listingIndexExpiresLikeTheJobRecords() {
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Prefix",
                                        "index/",
                                        "ExpirationInDays",
                                        Match.anyValue(),
                                        "Status",
                                        "Enabled")))))));
    }

    @Test
    void bucketsArePrivateEncryptedTlsOnlyAndExpire() {
        Map<String, Map<String, Object>> buckets = template.findResources("AWS::S3::Bucket");
        assertEquals(2, buckets.size());
        for (Map<String, Object> b : buckets.values()) {
            Map<String, Object> p = props(b);
            assertEquals(
                    Map.of(
                            "BlockPublicAcls",
                            true,
                            "BlockPublicPolicy",
                            true,
                            "IgnorePublicAcls",
                            true,
                            "RestrictPublicBuckets",
                            true),
                    p.get("PublicAccessBlockConfiguration"));
            assertTrue(p.containsKey("BucketEncryption"));
            assertFalse(((List<?>) ((Map<?, ?>) p.get("LifecycleConfiguration")).get("Rules")).isEmpty());
        }
        template.resourcePropertiesCountIs(
                "AWS::S3::BucketPolicy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Deny",
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))),
                2);
    }

    @Test
    void browsersMayPutPresignedUploadsIntoTheInputsBucketOnly() {
        List<Object> cors = template.findResources("AWS::S3::Bucket").values().stream()
                .map(b -> props(b).get("CorsConfiguration"))
                .filter(Objects::nonNull)
                .toList();
        assertEquals(1, cors.size(), "only the inputs bucket takes browser uploads");
        assertEquals(
                List.of(Map.of(
                        "AllowedMethods",
                        List.of("PUT"),
                        "AllowedOrigins",
                        List.of("*"),
                        "AllowedHeaders",
                        List.of("Content-Type"),
                        "ExposedHeaders",
                        List.of("ETag"),
                        "MaxAge",
                        3000)),
                ((Map<?, ?>) cors.get(0)).get("CorsRules"));
    }

    @Test
    void inboxUploadsTriggerTheS3Function() {
        template.hasResourceProperties(
                "Custom::S3BucketNotifications",
                Map.of(
                        "NotificationConfiguration",
                        Map.of(
                                "LambdaFunctionConfigurations",
                                List.of(Match.objectLike(Map.of(
                                        "Events", List.of("s3:ObjectCreated:*"),
                                        "Filter",
                                                Map.of(
                                                        "Key",
                                                        Map.of(
                                                                "FilterRules",
                                                                List.of(Map.of(
                                                                        "Name", "prefix", "Value", "inbox/"))))))))));
    }

    @Test
    void noPolicyGrantsEveryActionOrEveryResourceForWildcardActions() {
        List<String> problems = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").forEach((id, policy) -> {
            Map<?, ?> doc = (Map<?, ?>) props(policy).get("PolicyDocument");
            for (Object s : (List<?>) doc.get("Statement")) {
                Map<?, ?> statement = (Map<?, ?>) s;
                List<?> actions = statement.get("Action") instanceof List<?> l ? l : List.of(statement.get("Action"));
                List<?> resources =
                        statement.get("Resource") instanceof List<?> l ? l : List.of(statement.get("Resource"));
                boolean anyResource = resources.contains("*");
                for (Object a : actions) {
                    String action = String.valueOf(a);
                    if (action.equals("*") || (anyResource && action.endsWith(":*"))) {
                        problems.add(id + ": " + action + " on " + resources);
                    }
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void workerRunsOnFargateScaledOnQueueDepthWithSecretAndStopTimeout() {
        template.hasResourceProperties(
                "AWS::ECS::TaskDefinition",
                Map.of(
                        "RequiresCompatibilities", List.of("FARGATE"),
                        "ContainerDefinitions",
                                List.of(Match.objectLike(Map.of(
                                        "StopTimeout",
                                        120,
                                        "Secrets",
                                        Match.arrayWith(List.of(
                                                Match.objectLike(Map.of("Name", "I2V_WEBHOOKS_SECRET")),
                                                Match.objectLike(Map.of("Name", "NEMO_TOKEN")))))))));
        template.hasResourceProperties(
                "AWS::ApplicationAutoScaling::ScalableTarget", Map.of("MinCapacity", 0, "MaxCapacity", 10));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "Metrics",
                        Match.arrayWith(List.of(Match.objectLike(Map.of("Expression", "visible + inflight"))))));
        template.hasResourceProperties(
                "AWS::ApplicationAutoScaling::ScalingPolicy", Map.of("PolicyType", "StepScaling"));
    }

    @Test
    void workerRendersOnNemoVideoByDefaultWithTheTokenFromSecretsManager() {
        template.hasResourceProperties(
                "AWS::ECS::TaskDefinition",
                Map.of(
                        "ContainerDefinitions",
                        List.of(Match.objectLike(Map.of(
                                "Environment", Match.arrayWith(List.of(Map.of("Name", "I2V_BACKEND", "Value", "nemo"))),
                                "Secrets",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "NEMO_TOKEN")))))))));
        template.resourceCountIs("AWS::SecretsManager::Secret", 2);
        assertTrue(
                secretReadsOf(template).stream().anyMatch(r -> r.contains("NemoToken")),
                "the worker may read the NemoVideo token: " + secretReadsOf(template));
    }

    @Test
    void localBackendDeploymentHasNoNemoVideoSecretAndRendersInTheWorker() {
        Template local = StackFixture.template("local");
        Capture secrets = new Capture();
        local.hasResourceProperties(
                "AWS::ECS::TaskDefinition",
                Map.of(
                        "ContainerDefinitions",
                        List.of(Match.objectLike(Map.of(
                                "Environment",
                                Match.arrayWith(List.of(Map.of("Name", "I2V_BACKEND", "Value", "local"))),
                                "Secrets",
                                secrets)))));
        assertEquals(
                List.of("I2V_WEBHOOKS_SECRET"),
                secrets.asArray().stream()
                        .map(s -> String.valueOf(((Map<?, ?>) s).get("Name")))
                        .toList());
        local.resourceCountIs("AWS::SecretsManager::Secret", 1);
        assertTrue(secretReadsOf(local).stream().noneMatch(r -> r.contains("NemoToken")));
        local.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Cpu", "2048", "Memory", "4096"));
    }

    @Test
    void unknownBackendIsRefusedAtSynth() {
        IllegalArgumentException e =
                Assertions.assertThrows(IllegalArgumentException.class, () -> StackFixture.template("gpu"));
        assertTrue(e.getMessage().contains("[nemo, local]"), e.getMessage());
    }

    /** The resources (as template JSON) that IAM statements allow secretsmanager:GetSecretValue on. */
    private static List<String> secretReadsOf(Template t) {
        List<String> resources = new ArrayList<>();
        t.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Object statements = ((Map<?, ?>) props(policy).get("PolicyDocument")).get("Statement");
            for (Object st : (List<?>) statements) {
                Map<?, ?> statement = (Map<?, ?>) st;
                if (String.valueOf(statement.get("Action")).contains("secretsmanager:GetSecretValue")) {
                    resources.add(String.valueOf(statement.get("Resource")));
                }
            }
        });
        return resources;
    }

    @Test
    void alarmsWatchDeadLetterQueuesQueueAgeAndWorkerErrors() {
        List<String> metrics = template.findResources("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> String.valueOf(props(a).get("MetricName")))
                .toList();
        // one per dead-letter queue: jobs, intake, webhooks
        assertEquals(
                3,
                metrics.stream()
                        .filter("ApproximateNumberOfMessagesVisible"::equals)
                        .count());
        assertTrue(metrics.contains("ApproximateAgeOfOldestMessage"));
        assertTrue(metrics.contains("WorkerErrors"));
        template.findResources("AWS::CloudWatch::Alarm").values().stream()
                .filter(a -> props(a).containsKey("MetricName"))
                .forEach(a -> assertTrue(props(a).containsKey("AlarmActions"), "alarm without action: " + a));
    }

    @Test
    void everyLogGroupHasARetention() {
        Map<String, Map<String, Object>> groups = template.findResources("AWS::Logs::LogGroup");
        assertEquals(5, groups.size(), "four functions and the worker");
        groups.values().forEach(g -> assertEquals(30, props(g).get("RetentionInDays")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}
