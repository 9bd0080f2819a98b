package io.sparkllm.datasets.humaneval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a child process on its own thread, keeping at most {@code cap}
 * bytes; when the child writes more, {@code onOverflow} runs once (the sandbox kills the child)
 * and the rest is read and thrown away so the child never blocks on a full pipe.
 */
final class BoundedCapture extends Thread {
    private final InputStream in;
    private final int cap;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean overflowed;

    BoundedCapture(InputStream in, int cap, Runnable onOverflow) {
        super("sandbox-output");
        setDaemon(true);
        this.in = in;
        this.cap = cap;
        this.onOverflow = onOverflow;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int room = (int) Math.max(0, cap - total);
                kept.write(buffer, 0, Math.min(room, n));
                total += n;
                if (total > cap && !overflowed) {
                    overflowed = true;
                    onOverflow.run();
                }
            }
        } catch (IOException e) {
            // the pipe closes when the child is killed: what was read is kept
        }
    }

    boolean overflowed() {
        return overflowed;
    }

    String text() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
