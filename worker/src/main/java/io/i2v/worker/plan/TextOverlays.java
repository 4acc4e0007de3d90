package io.i2v.worker.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Titles and captions as asked for: the quoted words, when they show and where. Read before anything
 * else, as their quoted words and timing phrases must not be read as anything else; placed once the
 * duration is known. {@code window}: start and end in seconds, counted back from the end when
 * {@code fromEnd}; null when no timing was given.
 */
record TextOverlays(
        List<Caption> kept,
        List<String> quotes,
        double[] window,
        boolean fromEnd,
        boolean atEnd,
        boolean throughout,
        String position,
        boolean noFade,
        boolean captionWord) {
    private static final String CN_NUM = "[0-9.一二两三四五六七八九十]+";
    private static final Pattern QUOTED = Pattern.compile("[\"“「『‘]([^\"”」』’]{1,80}?)[\"”」』’]");
    private static final Pattern FIRST = Pattern.compile(
            "(?:for |during )?(?:the )?first (\\d+(?:\\.\\d+)?) ?(?:seconds?|secs?|s\\b)|前 ?(" + CN_NUM + ") ?秒");
    private static final Pattern LAST =
            Pattern.compile("(?:for |during )?(?:the )?(?:last|final) (\\d+(?:\\.\\d+)?) ?(?:seconds?|secs?|s\\b)|最后 ?("
                    + CN_NUM + ") ?秒");
    private static final Pattern FROM_TO =
            Pattern.compile("from (\\d+(?:\\.\\d+)?) ?s? to (\\d+(?:\\.\\d+)?) ?(?:seconds?|secs?|s\\b)|(" + CN_NUM
                    + ") ?(?:秒)?[到至-] ?(" + CN_NUM + ") ?秒");

    static TextOverlays read(Reading r) {
        PromptText text = r.text();
        List<Caption> kept = new ArrayList<>(r.base().captions());
        if (r.edit()
                && text.takeAny(
                        "remove the title",
                        "no title",
                        "without the title",
                        "remove the caption",
                        "no caption",
                        "删除标题",
                        "去掉标题",
                        "去掉字幕")) {
            kept.clear();
            r.understand("text removed");
        }
        List<String> quotes = new ArrayList<>();
        Matcher q = QUOTED.matcher(text.lower);
        while (q.find()) {
            quotes.add(text.original(q.start(1), q.end(1)).trim());
        }
        text.erase(QUOTED);
        double[] window = null;
        boolean fromEnd = false;
        Matcher first = text.take(FIRST);
        Matcher last = first == null ? text.take(LAST) : null;
        Matcher fromTo = first == null && last == null ? text.take(FROM_TO) : null;
        if (first != null) {
            window = new double[] {0, number(first, 1, 2)};
        } else if (last != null) {
            window = new double[] {-number(last, 1, 2), 0};
            fromEnd = true;
        } else if (fromTo != null) {
            window = fromTo.group(1) != null
                    ? new double[] {PromptText.number(fromTo.group(1)), PromptText.number(fromTo.group(2))}
                    : new double[] {PromptText.number(fromTo.group(3)), PromptText.number(fromTo.group(4))};
        }
        boolean atEnd = text.takeAny("at the end", "in the end", "结尾", "片尾");
        boolean throughout = text.takeAny("throughout", "the whole time", "whole video", "全程", "一直");
        String position = text.takeAny("at the top", "top", "顶部", "上方")
                ? "top"
                : text.takeAny("at the bottom", "bottom", "底部", "下方")
                        ? "bottom"
                        : text.takeAny(
                                        "in the center",
                                        "in the centre",
                                        "in the middle",
                                        "centered",
                                        "centred",
                                        "居中",
                                        "中间")
                                ? "center"
                                : null;
        boolean noFade = text.takeAny("no fade", "without fade", "不要淡入");
        boolean captionWord = text.has("caption", "subtitle", "字幕");
        return new TextOverlays(kept, quotes, window, fromEnd, atEnd, throughout, position, noFade, captionWord);
    }

    /** Group {@code english} if it matched, else group {@code chinese}, as a number. */
    private static double number(Matcher m, int english, int chinese) {
        return PromptText.number(m.group(english) != null ? m.group(english) : m.group(chinese));
    }

    /** The parent's texts and the new ones over a video of {@code duration} s; texts past its end are clipped. */
    List<Caption> place(Reading r, double duration) {
        List<Caption> captions = new ArrayList<>(kept);
        for (String quote : quotes) {
            captions.add(caption(r, quote, duration));
        }
        if (quotes.isEmpty() && (r.text().has("title", "caption", "subtitle", "标题", "字幕"))) {
            r.cannot("text overlay asked for but no quoted text found; put the words in quotes");
        }
        List<Caption> fitted = new ArrayList<>();
        for (Caption c : captions) {
            if (c.start() < duration) {
                fitted.add(new Caption(
                        c.text(), c.title(), c.start(), Math.min(duration, c.end()), c.position(), c.fade()));
            }
        }
        return fitted;
    }

    private Caption caption(Reading r, String quote, double duration) {
        boolean title = !captionWord;
        double start;
        double end;
        if (window != null && !fromEnd) {
            start = window[0];
            end = window[1];
        } else if (window != null) {
            start = duration + window[0];
            end = duration;
        } else if (throughout || (!title && !atEnd)) {
            start = 0;
            end = duration;
        } else if (atEnd) {
            start = Math.max(0, duration - 3);
            end = duration;
        } else {
            start = 0;
            end = Math.min(3, duration);
        }
        start = Math.max(0, Math.min(duration, start));
        end = Math.max(start, Math.min(duration, end));
        String pos = position != null ? position : title ? "center" : "bottom";
        double fade = noFade ? 0 : Math.min(0.5, (end - start) / 3);
        r.understand((title ? "title" : "caption") + " \"" + quote + "\" " + Timeline.sec(start) + "-"
                + Timeline.sec(end) + " s, " + pos + (fade > 0 ? ", fading" : ""));
        return new Caption(quote, title, start, end, pos, fade);
    }
}
