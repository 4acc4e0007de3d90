package io.i2v.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/** The whole deployment: storage, queues, the function deployables, the worker, operations. */
public final class I2vStack extends Stack {
    private final Functions functions;

    public I2vStack(Construct scope, String id, StackProps props, DeploymentOptions options) {
        super(scope, id, props);
        Storage storage = new Storage(this, "Storage", options);
        Queues queues = new Queues(this, "Queues", Functions.TIMEOUT);
        functions = new Functions(this, "Functions", options, storage, queues);
        // only a cloud deployment holds a NemoVideo token
        Secret nemoToken = !options.cloud()
                ? null
                : Secret.Builder.create(this, "NemoToken")
                        .description("NemoVideo API token for the worker's nemo backend (set the value after deploy)")
                        .build();
        Secret webhookSecret = Secret.Builder.create(this, "WebhookSecret")
                .description("Standard Webhooks signing secret (whsec_…) for job webhooks")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(43)
                        .excludePunctuation(true)
                        .build())
                .build();
        Worker worker = new Worker(this, "Worker", options, storage, queues, nemoToken, webhookSecret);
        new Operations(this, "Operations", queues, worker);

        CfnOutput.Builder.create(this, "ApiUrl").value(functions.url().getUrl()).build();
        CfnOutput.Builder.create(this, "InputBucket")
                .value(storage.inputs().getBucketName())
                .build();
        CfnOutput.Builder.create(this, "ResultBucket")
                .value(storage.results().getBucketName())
                .build();
        CfnOutput.Builder.create(this, "IntakeQueueUrl")
                .value(queues.intake().getQueueUrl())
                .build();
        CfnOutput.Builder.create(this, "EventsQueueUrl")
                .value(queues.events().getQueueUrl())
                .build();
    }

    public Functions functions() {
        return functions;
    }
}
