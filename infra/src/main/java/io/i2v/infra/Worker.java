package io.i2v.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The long-running worker on ECS Fargate, scaled on jobs-queue depth (waiting plus in flight)
 * from zero. Its default backend is the deployment's ({@code nemo} or {@code local}); with
 * {@code nemo} the NemoVideo token comes from Secrets Manager. The stop timeout gives a running
 * job time to checkpoint and release its message.
 */
public final class Worker extends Construct {
    /** Fargate's maximum: time between SIGTERM and SIGKILL. */
    static final Duration STOP_TIMEOUT = Duration.seconds(120);

    private final FargateService service;
    private final LogGroup logs;

    public Worker(
            Construct scope,
            String id,
            DeploymentOptions options,
            Storage storage,
            Queues queues,
            ISecret nemoToken,
            ISecret webhookSecret) { // nemoToken: null for a local-only deployment
        super(scope, id);
        // public subnets only, no NAT gateway: nothing to pay for while idle
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .build()))
                .build();
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(2048)
                .memoryLimitMiB(4096)
                .build();
        logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .build();
        task.addContainer(
                "worker",
                ContainerDefinitionOptions.builder()
                        .image(ContainerImage.fromAsset(
                                options.workerDir().toString(),
                                AssetImageProps.builder()
                                        .file("src/main/docker/Dockerfile.jvm")
                                        .platform(Platform.LINUX_AMD64)
                                        .exclude(List.of("src/test", "target/test-state", "target/surefire-reports"))
                                        .build()))
                        // sorted: the same template on every synth (Map.of has no stable order)
                        .environment(new TreeMap<>(Map.of(
                                "I2V_BACKEND", options.backend(),
                                "I2V_STORAGE_BUCKET", storage.inputs().getBucketName(),
                                "I2V_STORAGE_RESULTS_BUCKET", storage.results().getBucketName(),
                                // names, not URLs: the SQS connector resolves its queues by name
                                "I2V_QUEUES_JOBS", queues.jobs().getQueueName(),
                                "I2V_QUEUES_JOBS_DLQ", queues.jobsDlq().getQueueName(),
                                "I2V_QUEUES_EVENTS", queues.events().getQueueName(),
                                "I2V_QUEUES_WEBHOOKS", queues.webhooks().getQueueName(),
                                "I2V_JSON_LOGS", "true")))
                        .secrets(secrets(nemoToken, webhookSecret))
                        .stopTimeout(STOP_TIMEOUT)
                        .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs)
                                .streamPrefix("worker")
                                .build()))
                        .build());

        storage.inputs().grantRead(task.getTaskRole(), "uploads/*");
        storage.inputs().grantRead(task.getTaskRole(), "inbox/*");
        storage.inputs().grantReadWrite(task.getTaskRole(), "jobs/*");
        storage.inputs().grantReadWrite(task.getTaskRole(), "index/*"); // a dead-lettered job's first record
        storage.results().grantReadWrite(task.getTaskRole(), "results/*");
        queues.jobs().grantConsumeMessages(task.getTaskRole());
        queues.jobsDlq().grantConsumeMessages(task.getTaskRole());
        queues.events().grantSendMessages(task.getTaskRole());
        queues.webhooks().grantConsumeMessages(task.getTaskRole());
        queues.webhooks().grantSendMessages(task.getTaskRole());
        if (nemoToken != null) {
            nemoToken.grantRead(task.getTaskRole());
        }
        webhookSecret.grantRead(task.getTaskRole());

        service = FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(0)
                .assignPublicIp(true)
                .minHealthyPercent(0)
                .maxHealthyPercent(200)
                .circuitBreaker(
                        DeploymentCircuitBreaker.builder().rollback(true).build())
                .build();

        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(0)
                .maxCapacity(options.maxWorkers())
                .build());
        MathExpression backlog = MathExpression.Builder.create()
                .expression("visible + inflight")
                .usingMetrics(Map.of(
                        "visible", queues.jobs().metricApproximateNumberOfMessagesVisible(),
                        "inflight", queues.jobs().metricApproximateNumberOfMessagesNotVisible()))
                .period(Duration.minutes(1))
                .label("jobs waiting or running")
                .build();
        scaling.scaleOnMetric(
                "QueueDepth",
                BasicStepScalingPolicyProps.builder()
                        .metric(backlog)
                        .adjustmentType(AdjustmentType.EXACT_CAPACITY)
                        .scalingSteps(List.of(
                                ScalingInterval.builder().upper(1).change(0).build(),
                                ScalingInterval.builder()
                                        .lower(1)
                                        .upper(4)
                                        .change(1)
                                        .build(),
                                ScalingInterval.builder()
                                        .lower(4)
                                        .upper(16)
                                        .change(Math.min(3, options.maxWorkers()))
                                        .build(),
                                ScalingInterval.builder()
                                        .lower(16)
                                        .change(options.maxWorkers())
                                        .build()))
                        .cooldown(Duration.minutes(2))
                        .build());
    }

    /** Sorted (a stable template); the NemoVideo token only where there is one. */
    private static Map<String, Secret> secrets(ISecret nemoToken, ISecret webhookSecret) {
        Map<String, Secret> secrets = new TreeMap<>();
        secrets.put("I2V_WEBHOOKS_SECRET", Secret.fromSecretsManager(webhookSecret));
        if (nemoToken != null) {
            secrets.put("NEMO_TOKEN", Secret.fromSecretsManager(nemoToken));
        }
        return secrets;
    }

    public FargateService service() {
        return service;
    }

    public LogGroup logs() {
        return logs;
    }
}
