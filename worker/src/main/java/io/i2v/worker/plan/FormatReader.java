package io.i2v.worker.plan;

import io.i2v.worker.media.OutputFormat;
import java.util.Locale;

/** The container: MP4 unless asked for WebM, GIF or MOV. The format job option wins when it is one on offer. */
final class FormatReader {
    private FormatReader() {}

    static String read(Reading r) {
        PromptText text = r.text();
        String format = r.base().format();
        if (text.takeAny("webm")) {
            format = "webm";
        } else if (text.takeAny("gif", "动图")) {
            format = "gif";
        } else if (text.takeAny(".mov", "mov", "quicktime")) {
            format = "mov";
        } else if (text.takeAny("mp4")) {
            format = "mp4";
        }
        String option = r.options().format();
        if (option != null) {
            if (OutputFormat.of(option).isPresent()) {
                format = OutputFormat.of(option).get().extension();
            } else {
                r.cannot("format option \"" + option + "\" is not offered (mp4, mov, webm, gif); rendering " + format);
            }
        }
        if (!format.equals("mp4")) {
            r.understand(format.toUpperCase(Locale.ROOT) + " output");
        }
        return format;
    }
}
