package io.i2v.local;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.actor.queue.OperationSuccessful$;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.actor.queue.QueueEventWithOperationStatus;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.MessageRepository;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import scala.Option;
import scala.PartialFunction;
import scala.collection.immutable.List;
import scala.runtime.BoxedUnit;

/**
 * ElasticMQ's SQL message store with two repairs. (1) A message the redrive policy moves to a
 * dead-letter queue was never deleted from its source queue's table (ElasticMQ 1.7.1 looks it up
 * by receipt after it already left the queue, so no removal event is sent), and after a restart
 * it was moved again, into a table that already had it: here the move removes it from the source
 * table and the add replaces any copy. (2) A failed write must not crash the store: a restarted
 * actor forgets its queues and would persist nothing more, silently. It is logged instead.
 */
final class DurableQueueStore extends SqlQueuePersistenceActor {
    private static final Logger LOG = Logger.getLogger(DurableQueueStore.class.getName());

    DurableQueueStore(SqlQueuePersistenceConfig config, List<CreateQueueMetadata> base) {
        super(config, base);
    }

    @Override
    public void aroundReceive(PartialFunction<Object, BoxedUnit> receive, Object event) {
        try {
            if (event instanceof QueueEvent.MessageAdded added) {
                InternalMessage message = added.message();
                remove(added.queueName(), message.id());
                if (message.deadLetterSourceQueueName().isDefined()) {
                    remove(message.deadLetterSourceQueueName().get(), message.id());
                }
            }
            super.aroundReceive(receive, event);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "queue store: could not persist " + event.getClass().getSimpleName(),
                    e);
            if (event instanceof QueueEventWithOperationStatus) {
                sender().tell(OperationSuccessful$.MODULE$, self()); // the queue actor waits for an answer
            }
        }
    }

    private void remove(String queue, String messageId) {
        Option<MessageRepository> table =
                org$elasticmq$persistence$sql$SqlQueuePersistenceActor$$repos().get(queue);
        if (table.isDefined()) {
            table.get().remove(messageId);
        }
    }
}
