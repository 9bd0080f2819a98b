package io.sparkllm.datasets.corpus;

import java.io.Serializable;

/**
 * Turns one JSONL line into a record or a named reason it can't be read. The corpus reader takes
 * any of these, so a job with its own record format (HumanEval samples, say) keeps the reader's
 * file, line and offset bookkeeping and its quarantine.
 */
public interface JsonRecordParser extends Serializable {
    /** How many bytes of a line to keep while reading: enough to parse any line within the limit. */
    int keepBytes();

    ParsedRecord parseJsonLine(ByteLines.Line line);
}
