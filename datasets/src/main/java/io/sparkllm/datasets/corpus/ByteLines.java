package io.sparkllm.datasets.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Splits a byte stream into '\n'-terminated lines without decoding them, so invalid UTF-8 can be
 * reported per line. A line longer than {@code keepBytes} is read to its end but only its first
 * {@code keepBytes} bytes are kept (its full length is still known), so one huge line can't
 * exhaust memory. Empty lines are skipped (line numbers still count them) unless the reader keeps
 * them, as line-aligned parallel files need.
 */
public final class ByteLines implements Iterator<ByteLines.Line> {
    /** One line: 1-based number, byte offset of its start, total length, and the kept bytes. */
    public record Line(long number, long offset, long length, byte[] bytes) {
        public boolean truncated() {
            return bytes.length < length;
        }
    }

    private final InputStream in;
    private final int keepBytes;
    private final boolean keepBlankLines;
    private final long endOffset;
    private final byte[] buffer = new byte[1 << 16];
    // The current line's kept bytes, reused from line to line.
    private byte[] kept = new byte[256];
    private int bufferLength;
    private int bufferPos;
    private long streamOffset;
    private long lineNumber;
    private Line next;
    private boolean eof;

    public ByteLines(InputStream in, int keepBytes) {
        this(in, keepBytes, false);
    }

    public ByteLines(InputStream in, int keepBytes, boolean keepBlankLines) {
        this(in, keepBytes, keepBlankLines, 0, 1, Long.MAX_VALUE);
    }

    /**
     * The lines of a byte range of a larger stream: {@code in} is positioned at the start of a line,
     * at {@code offset} in the whole stream, whose number is {@code firstLine}; the lines that start
     * before {@code endOffset} are read (the last one to its end, wherever that is).
     */
    public ByteLines(InputStream in, int keepBytes, boolean keepBlankLines, long offset, long firstLine,
                     long endOffset) {
        this.in = in;
        this.keepBytes = keepBytes;
        this.keepBlankLines = keepBlankLines;
        this.streamOffset = offset;
        this.lineNumber = firstLine - 1;
        this.endOffset = endOffset;
    }

    /** Bytes consumed from the (decompressed) stream so far, counted from the start of the whole stream. */
    public long bytesRead() {
        return streamOffset;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !eof) {
            try {
                next = readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Line line = next;
        next = null;
        return line;
    }

    private Line readLine() throws IOException {
        while (true) {
            long start = streamOffset;
            if (start >= endOffset) {
                eof = true;
                return null;
            }
            int keptLength = 0;
            long length = 0;
            boolean sawAny = false;
            // Each pass takes the buffered bytes up to the next line break at once.
            while (true) {
                if (bufferPos == bufferLength) {
                    bufferLength = in.read(buffer);
                    bufferPos = 0;
                    if (bufferLength <= 0) {
                        bufferLength = 0;
                        eof = true;
                        break;
                    }
                }
                sawAny = true;
                int stop = bufferPos;
                while (stop < bufferLength && buffer[stop] != '\n') {
                    stop++;
                }
                int n = stop - bufferPos;
                int keep = (int) Math.min(n, keepBytes - keptLength);
                if (keep > 0) {
                    if (keptLength + keep > kept.length) {
                        kept = Arrays.copyOf(kept, Math.min(keepBytes, Math.max(kept.length * 2, keptLength + keep)));
                    }
                    System.arraycopy(buffer, bufferPos, kept, keptLength, keep);
                    keptLength += keep;
                }
                length += n;
                streamOffset += n;
                bufferPos = stop;
                if (stop < bufferLength) {
                    bufferPos++;
                    streamOffset++;
                    break;
                }
            }
            if (!sawAny) {
                return null;
            }
            lineNumber++;
            if (length > 0 && kept[keptLength - 1] == '\r' && keptLength == length) {
                keptLength--;
                length--;
            }
            if (length == 0) {
                if (eof) {
                    return null;
                }
                if (!keepBlankLines) {
                    continue; // blank line: not a record
                }
            }
            return new Line(lineNumber, start, length, Arrays.copyOf(kept, keptLength));
        }
    }
}
