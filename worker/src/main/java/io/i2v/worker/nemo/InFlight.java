package io.i2v.worker.nemo;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayDeque;
import java.util.Deque;

/** At most {@code max} cloud jobs at once; the others wait for a slot without holding a thread. */
final class InFlight {
    private final int max;
    private final Deque<UniEmitter<? super Void>> waiting = new ArrayDeque<>();
    private int used;

    InFlight(int max) {
        this.max = Math.max(1, max);
    }

    Uni<Void> acquire() {
        return Uni.createFrom().emitter(em -> {
            synchronized (this) {
                if (used < max) {
                    used++;
                } else {
                    waiting.add(em);
                    return;
                }
            }
            em.complete(null);
        });
    }

    void release() {
        UniEmitter<? super Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                used--;
                return;
            }
        }
        next.complete(null); // the slot passes straight to the next job
    }

    synchronized int inUse() {
        return used;
    }
}
