package io.i2v.worker.plan;

import static io.i2v.worker.plan.Reading.fmt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Background music: the audio file that came with the job, looped or trimmed to the video, at the
 * volume asked for. Music asked for without a file, or a parent's music whose file this job lacks,
 * is reported and the video is silent.
 */
final class MusicReader {
    private static final Pattern VOLUME =
            Pattern.compile("(?:volume|音量)(?: at| of)? ?(\\d{1,3}) ?%|(\\d{1,3}) ?% ?(?:volume|音量)?");

    private MusicReader() {}

    /** {@code audio}: the music file this job carries, or null; {@code noFade}: the text said "no fade". */
    static Music read(Reading r, String audio, double duration, boolean noFade) {
        PromptText text = r.text();
        Music music = r.base().music();
        boolean musicWords = text.has("music", "song", "soundtrack", "audio", "bgm", "sound", "音乐", "配乐", "背景音乐");
        Matcher vol = text.take(VOLUME);
        Integer volume = null;
        if (vol != null) {
            volume = Math.min(200, Integer.parseInt(vol.group(1) != null ? vol.group(1) : vol.group(2)));
        }
        boolean quieter = text.takeAny("quieter", "softer", "lower the music", "turn the music down", "小声一点");
        boolean louder = text.takeAny("louder", "turn the music up", "大声一点");
        boolean soft = text.takeAny("quiet", "soft", "low volume", "轻音乐", "小声");
        boolean fadeOutWords = text.takeAny("fade out", "fading out", "fades out", "淡出");
        if (r.edit() && text.takeAny("remove the music", "no music", "without music", "mute", "silent", "去掉音乐", "静音")) {
            music = null;
            r.understand("music removed");
        } else if (audio != null) {
            int v = music != null ? music.volumePercent() : 100;
            if (volume != null) {
                v = volume;
            } else if (soft) {
                v = 35;
            } else if (quieter) {
                v = (int) Math.round(v * 0.6);
            } else if (louder) {
                v = Math.min(200, (int) Math.round(v * 1.5));
            }
            double fadeOut = noFade ? 0 : Math.min(2, duration / 3);
            music = new Music(audio, v, fadeOut);
            r.understand("music " + audio + " at " + v + "%"
                    + (fadeOut > 0 ? ", fading out over " + fmt(fadeOut) + " s" : "")
                    + ", looped or trimmed to the video");
        } else if (musicWords || volume != null || fadeOutWords) {
            r.cannot("music: no audio file came with the job; add an MP3, WAV, M4A or AAC file beside the"
                    + " images. The video is silent");
            music = null;
        } else if (music != null) {
            r.cannot("music " + music.name() + ": its file is not part of this job; the video is silent");
            music = null;
        }
        text.takeAny("music", "song", "soundtrack", "audio", "bgm", "sound", "背景音乐", "音乐", "配乐", "volume", "音量");
        return music;
    }
}
