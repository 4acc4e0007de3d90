package io.i2v.worker.plan;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instruction being read: phrases are blanked out as they are understood, so what is left at
 * the end is what nobody acted on.
 */
final class PromptText {
    private final String original;
    String lower;

    PromptText(String s) {
        original = s;
        lower = " " + s.toLowerCase(Locale.ROOT) + " ";
    }

    /** The user's own spelling of {@code lower} from {@code start} to {@code end} (offsets as in lower). */
    String original(int start, int end) {
        return (" " + original + " ").substring(start, end);
    }

    boolean has(String... phrases) {
        for (String p : phrases) {
            if (lower.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** True if any phrase occurs (whole words for Latin phrases); all occurrences are blanked. */
    boolean takeAny(String... phrases) {
        boolean found = false;
        for (String p : phrases) {
            Pattern pattern = Pattern.compile(
                    p.matches(".*[a-z0-9].*") ? "(?<![a-z0-9])" + Pattern.quote(p) + "(?![a-z0-9])" : Pattern.quote(p));
            Matcher m = pattern.matcher(lower);
            if (m.find()) {
                found = true;
                lower = m.replaceAll(" ");
            }
        }
        return found;
    }

    /** The first match of {@code p}, its text blanked wherever it occurs; null if there is none. */
    Matcher take(Pattern p) {
        Matcher m = p.matcher(lower);
        if (!m.find()) {
            return null;
        }
        erase(m.group());
        return m;
    }

    void erase(String s) {
        lower = lower.replace(s, " ");
    }

    void erase(Pattern p) {
        lower = p.matcher(lower).replaceAll(" ");
    }

    Set<String> leftoverWords() {
        Set<String> out = new LinkedHashSet<>();
        for (String w : lower.split("[^a-z]+")) {
            if (w.length() >= 3 && !LeftoverWords.IGNORED.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** 3, 7.5, or Chinese numerals up to 99 (十, 十五, 二十, 三十五). */
    static double number(String s) {
        if (s.matches("[0-9.]+")) {
            return Double.parseDouble(s);
        }
        String digits = "零一二三四五六七八九";
        int tenAt = s.indexOf('十');
        s = s.replace('两', '二');
        if (tenAt < 0) {
            return digits.indexOf(s.charAt(0));
        }
        int tens = tenAt == 0 ? 1 : digits.indexOf(s.charAt(0));
        int ones = tenAt == s.length() - 1 ? 0 : digits.indexOf(s.charAt(tenAt + 1));
        return tens * 10 + ones;
    }
}
