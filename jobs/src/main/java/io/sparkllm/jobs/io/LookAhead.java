package io.sparkllm.jobs.io;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator that finds its next element ahead of time: subclasses say how in {@link #advance},
 * which returns null when there is none. For the partition iterators that skip, pick or combine
 * what they read before they know whether anything is left.
 */
public abstract class LookAhead<T> implements Iterator<T> {
    private T next;

    /** The next element, or null at the end. */
    protected abstract T advance();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T out = next;
        next = null;
        return out;
    }
}
