package io.i2v.function.events;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The AWS event types the handlers read and write, with their nested types, for the native
 * image (Jackson binds them by reflection). The extension registers the handler signatures;
 * this makes the nested records explicit.
 */
@RegisterForReflection(
        targets = {
            S3Event.class,
            S3EventNotification.class,
            S3EventNotification.S3EventNotificationRecord.class,
            S3EventNotification.S3Entity.class,
            S3EventNotification.S3BucketEntity.class,
            S3EventNotification.S3ObjectEntity.class,
            S3EventNotification.UserIdentityEntity.class,
            S3EventNotification.RequestParametersEntity.class,
            S3EventNotification.ResponseElementsEntity.class,
            SQSEvent.class,
            SQSEvent.SQSMessage.class,
            SQSEvent.MessageAttribute.class,
            SQSBatchResponse.class,
            SQSBatchResponse.BatchItemFailure.class
        })
public final class EventTypesReflection {
    private EventTypesReflection() {}
}
