package io.i2v.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/** Alarms to an SNS topic: anything in a dead-letter queue, jobs waiting too long, worker errors. */
public final class Operations extends Construct {
    private final Topic alarms;

    public Operations(Construct scope, String id, Queues queues, Worker worker) {
        super(scope, id);
        alarms = Topic.Builder.create(this, "Alarms")
                .displayName("i2v alarms")
                .enforceSsl(true)
                .build();
        alarm(
                "JobsDlqNotEmpty",
                queues.jobsDlq().metricApproximateNumberOfMessagesVisible(),
                1,
                "A job message reached the jobs dead-letter queue");
        alarm(
                "WebhooksDlqNotEmpty",
                queues.webhooksDlq().metricApproximateNumberOfMessagesVisible(),
                1,
                "A webhook delivery reached the webhooks dead-letter queue");
        alarm(
                "IntakeDlqNotEmpty",
                queues.intakeDlq().metricApproximateNumberOfMessagesVisible(),
                1,
                "A submission reached the intake dead-letter queue");
        alarm(
                "JobsWaitingTooLong",
                queues.jobs()
                        .metricApproximateAgeOfOldestMessage()
                        .with(MetricOptions.builder().statistic("Maximum").build()),
                1800,
                "The oldest job has waited 30 minutes: workers are not keeping up or are down");
        MetricFilter errors = MetricFilter.Builder.create(this, "WorkerErrors")
                .logGroup(worker.logs())
                .filterPattern(FilterPattern.anyTerm("ERROR", "\"level\":\"ERROR\""))
                .metricNamespace("i2v")
                .metricName("WorkerErrors")
                .metricValue("1")
                .build();
        alarm(
                "WorkerLogsErrors",
                errors.metric()
                        .with(MetricOptions.builder()
                                .statistic("Sum")
                                .period(Duration.minutes(5))
                                .build()),
                1,
                "The worker logged errors");
    }

    private void alarm(String id, IMetric metric, double threshold, String description) {
        Alarm a = Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        a.addAlarmAction(new SnsAction(alarms));
    }

    public List<Topic> topics() {
        return List.of(alarms);
    }
}
