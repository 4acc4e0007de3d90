package io.i2v.worker.cli;

import io.i2v.local.EmbeddedAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line: {@code animate IMAGE... [--prompt TEXT] [-o OUT] [--endpoint URL] [--json]},
 * {@code serve [--port N] [--s3-port N] [--sqs-port N]}
 * or {@code bench [PHOTO] [--megapixels MP] [--no-zoompan] [--rounds N] [--e2e]}.
 */
public record CliArgs(
        String command,
        List<Path> images,
        String prompt,
        Path output,
        Optional<String> endpoint,
        int port,
        int s3Port,
        int sqsPort,
        double megapixels,
        boolean skipZoompan,
        boolean json,
        int rounds,
        boolean endToEnd,
        boolean timings) {
    /** Rounds of {@code bench} unless {@code --rounds} says otherwise (odd, so the median is one round's figure). */
    public static final int DEFAULT_ROUNDS = 5;
    /** Alternating pairs of {@code bench --e2e} unless {@code --rounds} says otherwise. */
    public static final int DEFAULT_PAIRS = 3;

    public static final String USAGE = """
            usage: i2v animate IMAGE... [--prompt TEXT] [-o OUT.mp4] [--endpoint URL] [--json] [--timings]
                   i2v serve [--port 8080] [--s3-port 9000] [--sqs-port 9324]   (0: a free port)
                   i2v bench [PHOTO] [--megapixels 20] [--no-zoompan] [--rounds 5]
                   i2v bench --e2e [PHOTO] [--megapixels 20] [--rounds 3]   (animate vs the ffmpeg zoompan one-liner)
            """;

    public static CliArgs parse(String... args) {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String command = args[0];
        List<Path> images = new ArrayList<>();
        String prompt = null;
        Path output = null;
        String endpoint = null;
        int port = 8080;
        int s3Port = EmbeddedAws.DEFAULT_S3_PORT;
        int sqsPort = EmbeddedAws.DEFAULT_SQS_PORT;
        double megapixels = 20;
        boolean skipZoompan = false;
        boolean json = false;
        Integer rounds = null;
        boolean endToEnd = false;
        boolean timings = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--prompt", "-p" -> prompt = value(args, ++i, a);
                case "-o", "--output" -> output = Path.of(value(args, ++i, a));
                case "--endpoint" -> endpoint = value(args, ++i, a).replaceAll("/+$", "");
                case "--port" -> port = port(value(args, ++i, a));
                case "--s3-port" -> s3Port = port(value(args, ++i, a));
                case "--sqs-port" -> sqsPort = port(value(args, ++i, a));
                case "--megapixels" -> megapixels = megapixels(value(args, ++i, a));
                case "--no-zoompan" -> skipZoompan = true;
                case "--json" -> json = true;
                case "--rounds" -> rounds = rounds(value(args, ++i, a));
                case "--e2e" -> endToEnd = true;
                case "--timings" -> timings = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option " + a);
                    }
                    images.add(Path.of(a));
                }
            }
        }
        switch (command) {
            case "animate" -> {
                if (images.isEmpty()) {
                    throw new UsageException("animate needs at least one image");
                }
                for (Path p : images) {
                    if (!Files.isRegularFile(p)) {
                        throw new UsageException("no such image file: " + p);
                    }
                }
                if (output == null) {
                    String name = images.get(0).getFileName().toString().replaceAll("\\.[^.]*$", "");
                    output = Path.of(name + ".mp4");
                }
            }
            case "serve" -> {
                if (json || timings) {
                    throw new UsageException((json ? "--json" : "--timings") + " is for animate");
                }
                if (!images.isEmpty()) {
                    throw new UsageException("serve takes no images");
                }
            }
            case "bench" -> {
                if (images.size() > 1 || (images.size() == 1 && !Files.isRegularFile(images.get(0)))) {
                    throw new UsageException("bench takes at most one photo file");
                }
            }
            default -> throw new UsageException("unknown command " + command);
        }
        if (!command.equals("bench") && (rounds != null || endToEnd)) {
            throw new UsageException((endToEnd ? "--e2e" : "--rounds") + " is for bench");
        }
        if (!command.equals("animate") && timings) {
            throw new UsageException("--timings is for animate");
        }
        int r = rounds != null ? rounds : endToEnd ? DEFAULT_PAIRS : DEFAULT_ROUNDS;
        return new CliArgs(
                command,
                List.copyOf(images),
                prompt,
                output,
                Optional.ofNullable(endpoint),
                port,
                s3Port,
                sqsPort,
                megapixels,
                skipZoompan,
                json,
                r,
                endToEnd,
                timings);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static double megapixels(String v) {
        try {
            double mp = Double.parseDouble(v);
            if (mp < 1 || mp > 200) {
                throw new NumberFormatException();
            }
            return mp;
        } catch (NumberFormatException e) {
            throw new UsageException("--megapixels needs a number 1-200");
        }
    }

    private static int rounds(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > 99 || n % 2 == 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--rounds needs an odd number 1-99 (the median is then one round's figure)");
        }
    }

    private static int port(String v) {
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException("a port needs a number 0-65535");
        }
    }

    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
