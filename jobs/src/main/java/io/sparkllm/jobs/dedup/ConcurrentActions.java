package io.sparkllm.jobs.dedup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent Spark actions (the output writes) submitted from several driver threads at once:
 * while one is being planned on the driver, another's tasks keep the executors busy, and the
 * stages they share (the labelled documents) run once. Spark accepts jobs from any thread.
 */
final class ConcurrentActions {
    /** An action that may throw, as a write does. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private final List<Action> actions = new ArrayList<>();

    void add(Action action) {
        actions.add(action);
    }

    /** Runs every action and waits for all; the first failure is rethrown once all have stopped. */
    void runAll() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(actions.size(), r -> {
            Thread t = new Thread(r, "sparkllm-dedup-output");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Action a : actions) {
                running.add(pool.submit(() -> {
                    a.run();
                    return null;
                }));
            }
            Exception failure = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }
}
