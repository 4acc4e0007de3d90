package io.i2v.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.i2v.core.event.JobEvent;
import io.i2v.core.intake.EditSubmission;
import io.i2v.core.intake.JobSubmission;
import io.i2v.core.intake.UploadService;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.webhook.WebhookDelivery;
import io.i2v.core.webhook.WebhookTask;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A native image only serialises what it was told about: every record reachable from our JSON roots is registered. */
class NativeReflectionTest {
    @Test
    void everyRecordTheFunctionsReadOrWriteIsRegisteredForReflection() {
        Set<String> registered = Arrays.stream(NativeReflection.class
                        .getAnnotation(RegisterForReflection.class)
                        .targets())
                .map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> reachable = new TreeSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(
                JobRequest.class,
                JobStatus.class,
                JobEvent.class,
                JobSubmission.class,
                UploadService.UploadRequest.class,
                UploadService.UploadTicket.class,
                WebhookTask.class,
                WebhookDelivery.class,
                EditSubmission.class));
        todo.addAll(Arrays.asList(JobState.class.getPermittedSubclasses()));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!c.isRecord() || !reachable.add(c.getName())) {
                continue;
            }
            for (RecordComponent rc : c.getRecordComponents()) {
                visit(rc.getGenericType(), todo);
            }
        }
        reachable.removeAll(registered);
        assertEquals(Set.of(), reachable, "records missing from NativeReflection");
    }

    private static void visit(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            if (c.isRecord()) {
                todo.push(c);
            } else if (c.isInterface() && c.isSealed()) {
                todo.addAll(Arrays.asList(c.getPermittedSubclasses()));
            }
        } else if (t instanceof ParameterizedType p) {
            Arrays.stream(p.getActualTypeArguments()).forEach(a -> visit(a, todo));
        }
    }
}
