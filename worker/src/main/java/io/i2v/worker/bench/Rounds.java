package io.i2v.worker.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * One figure measured in each of an odd number of rounds: reported as the median (one round's
 * own figure, so one noisy round cannot decide) with the spread, lowest to highest.
 */
record Rounds(double[] values) {
    Rounds {
        values = values.clone();
    }

    static Rounds of(int n) {
        return new Rounds(new double[n]);
    }

    void set(int round, double value) {
        values[round] = value;
    }

    double get(int round) {
        return values[round];
    }

    int count() {
        return values.length;
    }

    double median() {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    double min() {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    double max() {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** Each round's {@code this / other}: ratios of figures measured back to back, which drifting load disturbs least. */
    Rounds over(Rounds other) {
        double[] r = new double[values.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = values[i] / other.values[i];
        }
        return new Rounds(r);
    }

    /** "1.23 (1.10–1.40)": the median and the spread, in {@code format} (for example {@code %.2f}). */
    String describe(String format) {
        if (values.length == 1) {
            return String.format(Locale.ROOT, format, values[0]);
        }
        return String.format(
                Locale.ROOT,
                format + " (%s–%s)",
                median(),
                String.format(Locale.ROOT, format, min()),
                String.format(Locale.ROOT, format, max()));
    }

    /** Each round's figure in order, in {@code format}. */
    String list(String format) {
        StringBuilder b = new StringBuilder();
        for (double d : values) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, d));
        }
        return b.toString();
    }
}
