package io.i2v.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.constructs.Construct;

/**
 * The two function deployables: the HTTP API behind a function URL (IAM auth), and the event
 * zip deployed three times, once per trigger (S3 inbox uploads, intake queue messages, the intake
 * dead-letter queue). Each gets
 * only the S3 prefixes and queues it uses.
 */
public final class Functions extends Construct {
    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    static final Duration TIMEOUT = Duration.seconds(30);

    private final Function api;
    private final Function s3Trigger;
    private final Function sqsTrigger;
    private final Function sqsDeadLetterTrigger;
    private final FunctionUrl url;

    public Functions(Construct scope, String id, DeploymentOptions options, Storage storage, Queues queues) {
        super(scope, id);
        Map<String, String> env = new HashMap<>(Map.of(
                "I2V_STORAGE_BUCKET", storage.inputs().getBucketName(),
                "I2V_STORAGE_RESULTS_BUCKET", storage.results().getBucketName(),
                "I2V_QUEUES_JOBS", queues.jobs().getQueueUrl(),
                "I2V_QUEUES_EVENTS", queues.events().getQueueUrl(),
                "I2V_QUEUES_WEBHOOKS", queues.webhooks().getQueueUrl(),
                "I2V_JSON_LOGS", "true"));
        if (options.nativeFunctions()) {
            env.put("DISABLE_SIGNAL_HANDLERS", "true");
        }

        api = function("Api", options, options.httpFunctionZip().toString(), env, Map.of());
        grantIntake(api, storage, queues, "uploads/*", "inbox/*");
        storage.inputs().grantPut(api, "uploads/*");
        storage.results().grantRead(api, "results/*");
        url = FunctionUrl.Builder.create(this, "ApiUrl")
                .function(target(api, options))
                .authType(FunctionUrlAuthType.AWS_IAM)
                .build();

        s3Trigger = function(
                "S3Trigger",
                options,
                options.eventsFunctionZip().toString(),
                env,
                Map.of("QUARKUS_LAMBDA_HANDLER", "s3"));
        grantIntake(s3Trigger, storage, queues, "inbox/*");
        storage.inputs()
                .addEventNotification(
                        EventType.OBJECT_CREATED,
                        new LambdaDestination(target(s3Trigger, options)),
                        NotificationKeyFilter.builder().prefix("inbox/").build());

        sqsTrigger = function(
                "SqsTrigger",
                options,
                options.eventsFunctionZip().toString(),
                env,
                Map.of("QUARKUS_LAMBDA_HANDLER", "sqs"));
        grantIntake(sqsTrigger, storage, queues, "uploads/*", "inbox/*");
        target(sqsTrigger, options)
                .addEventSource(SqsEventSource.Builder.create(queues.intake())
                        .batchSize(10)
                        .reportBatchItemFailures(true)
                        .build());

        // what ends in the intake DLQ becomes a FAILED job with a job.failed event (same zip, another handler)
        sqsDeadLetterTrigger = function(
                "SqsDlqTrigger",
                options,
                options.eventsFunctionZip().toString(),
                env,
                Map.of("QUARKUS_LAMBDA_HANDLER", "sqs-dlq"));
        grantIntake(sqsDeadLetterTrigger, storage, queues, "uploads/*", "inbox/*");
        target(sqsDeadLetterTrigger, options)
                .addEventSource(SqsEventSource.Builder.create(queues.intakeDlq())
                        .batchSize(10)
                        .reportBatchItemFailures(true)
                        .build());
    }

    /**
     * What the intake path needs: read the referenced inputs, write (and roll back) job records
     * and their listing-index entries, send jobs and events.
     */
    private static void grantIntake(Function f, Storage storage, Queues queues, String... readablePrefixes) {
        for (String prefix : readablePrefixes) {
            storage.inputs().grantRead(f, prefix);
        }
        storage.inputs().grantReadWrite(f, "jobs/*");
        storage.inputs().grantDelete(f, "jobs/*");
        // the listing index GET /v1/jobs reads (S3Keys.INDEX): written at intake, removed on a rollback
        storage.inputs().grantReadWrite(f, "index/*");
        storage.inputs().grantDelete(f, "index/*");
        queues.jobs().grantSendMessages(f);
        queues.events().grantSendMessages(f);
        queues.webhooks().grantSendMessages(f);
    }

    private Function function(
            String id, DeploymentOptions options, String zip, Map<String, String> env, Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extra);
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .build();
        Function.Builder b = Function.Builder.create(this, id)
                .code(Code.fromAsset(zip))
                .handler(HANDLER)
                .timeout(TIMEOUT)
                .environment(all)
                .logGroup(logs);
        if (options.nativeFunctions()) {
            b.runtime(Runtime.PROVIDED_AL2023).memorySize(256);
        } else {
            b.runtime(Runtime.JAVA_21).memorySize(1024).snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        return b.build();
    }

    /**
     * What triggers invoke. SnapStart applies to published versions only, so on the JVM every
     * trigger (URL, S3 notification, queue mapping) points at a "live" alias of the current version.
     */
    private static IFunction target(Function f, DeploymentOptions options) {
        if (options.nativeFunctions()) {
            return f;
        }
        Alias existing = (Alias) f.getNode().tryFindChild("Live");
        return existing != null
                ? existing
                : Alias.Builder.create(f, "Live")
                        .aliasName("live")
                        .version(f.getCurrentVersion())
                        .build();
    }

    public Function api() {
        return api;
    }

    public List<Function> all() {
        return List.of(api, s3Trigger, sqsTrigger, sqsDeadLetterTrigger);
    }

    public FunctionUrl url() {
        return url;
    }
}
