package io.sparkllm.jobs.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a document's tokens fall in the packed stream: the stream of a split is cut into windows
 * of {@code windowSize} tokens, and a document starting at {@code offset} contributes one piece to
 * each window it overlaps. Tokens past the last whole window are left out.
 */
final class WindowPieces {
    /** A slice of one document inside window {@code window}, starting at {@code position}. */
    record Piece(long window, int position, int[] ids, boolean documentStart) {
    }

    private WindowPieces() {
    }

    static List<Piece> of(int[] ids, long offset, int windowSize, long wholeWindows) {
        List<Piece> out = new ArrayList<>();
        int done = 0;
        while (done < ids.length) {
            long at = offset + done;
            long window = at / windowSize;
            if (window >= wholeWindows) {
                break;
            }
            int position = (int) (at % windowSize);
            int take = Math.min(ids.length - done, windowSize - position);
            out.add(new Piece(window, position, Arrays.copyOfRange(ids, done, done + take), done == 0));
            done += take;
        }
        return out;
    }
}
