package io.sparkllm.cli;

import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.tokenizer.TokenizerFormatException;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code sparkllm tokenizer encode|decode}: ids for text lines on stdin and back, for scripting. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Encode text lines to token ids or decode ids to text, stdin to stdout, one line per line. "
                + "FILE is a Hugging Face tokenizer.json, GPT-2's encoder.json (with vocab.bpe beside it), "
                + "BERT's vocab.txt, or a directory holding one of them.",
        subcommands = {TokenizerCommand.Encode.class, TokenizerCommand.Decode.class})
public final class TokenizerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: encode or decode");
    }

    static Tokenizer load(Path file) {
        try {
            return TokenizerFiles.load(file);
        } catch (TokenizerFormatException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Calls {@code perLine} for each stdin line and prints what it returns; errors name the line. */
    static void eachLine(CommandSpec spec, java.util.function.Function<String, String> perLine) {
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder buffer = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            long number = 0;
            for (String line; (line = in.readLine()) != null; ) {
                number++;
                try {
                    buffer.append(perLine.apply(line)).append('\n');
                } catch (IllegalArgumentException e) {
                    out.print(buffer);
                    out.flush();
                    throw new JobFailedException("line " + number + ": " + e.getMessage());
                }
                if (buffer.length() > 1 << 16) {
                    out.print(buffer);
                    out.flush();
                    buffer.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.print(buffer);
        out.flush();
    }

    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Read text lines on stdin; write each line's token ids, space-separated.")
    static final class Encode implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--tokenizer", required = true, paramLabel = "FILE", description = "Tokenizer file or directory.")
        Path tokenizer;

        @Option(names = "--no-special-tokens",
                description = "Leave out what the post-processor adds ([CLS]/[SEP], <s>).")
        boolean noSpecialTokens;

        @Override
        public void run() {
            Tokenizer t = load(tokenizer);
            eachLine(spec, line -> {
                int[] ids = t.encode(line, !noSpecialTokens);
                StringBuilder s = new StringBuilder(ids.length * 6);
                for (int i = 0; i < ids.length; i++) {
                    s.append(i == 0 ? "" : " ").append(ids[i]);
                }
                return s.toString();
            });
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = "Read lines of space-separated token ids on stdin; write each line's text.")
    static final class Decode implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--tokenizer", required = true, paramLabel = "FILE", description = "Tokenizer file or directory.")
        Path tokenizer;

        @Option(names = "--skip-special-tokens", description = "Leave special tokens out of the text.")
        boolean skipSpecialTokens;

        @Override
        public void run() {
            Tokenizer t = load(tokenizer);
            eachLine(spec, line -> {
                String trimmed = line.strip();
                String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
                int[] ids = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    try {
                        ids[i] = Integer.parseInt(parts[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + parts[i] + "' is not a token id");
                    }
                }
                return t.decode(ids, skipSpecialTokens);
            });
        }
    }
}
