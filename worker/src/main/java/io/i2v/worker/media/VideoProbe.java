package io.i2v.worker.media;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Opens a video with FFmpeg and reads what a player would see: every frame decoded ({@link #probe}), or the index checked and the first and last frames decoded ({@link #check}). */
public final class VideoProbe {
    private VideoProbe() {}

    public static VideoInfo probe(Path file) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setImageMode(FrameGrabber.ImageMode.RAW);
            g.start();
            AVFormatContext fc = g.getFormatContext();
            AVCodecParameters video = null;
            for (int i = 0; i < fc.nb_streams(); i++) {
                AVStream s = fc.streams(i);
                if (s.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    video = s.codecpar();
                }
            }
            if (video == null) {
                throw new IOException("no video stream");
            }
            String profile = name(avcodec.avcodec_profile_name(video.codec_id(), video.profile()));
            String pix = name(avutil.av_get_pix_fmt_name(video.format()));
            String csp = name(avutil.av_color_space_name(video.color_space()));
            int w = video.width();
            int h = video.height();
            long frames = 0;
            Frame f;
            while ((f = g.grabImage()) != null) {
                if (f.image != null) {
                    frames++;
                }
            }
            double fps = g.getFrameRate();
            double duration = g.getLengthInTime() / 1_000_000.0;
            String codec = g.getVideoCodecName();
            g.stop();
            return new VideoInfo(codec, profile, pix, csp, w, h, fps, frames, duration, moovFirst(file));
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot decode " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a player would see, read the quick way where the container can tell: the frame count
     * from the MP4/MOV index, confirmed by reading every packet (each one there, none empty,
     * none flagged corrupt, as many as the index says), and the first and the last frame decoded
     * (reaching the last one means decoding its whole group of pictures from its key frame, up to
     * the end of the stream; a frame between key frames would cost the decode of its group up to
     * it and prove no more). The packets are read on a second thread while this one decodes: the
     * encoder is done by now, and the two cores are free. Containers whose index has no frame
     * count (WebM, GIF) are decoded whole, as {@link #probe} does.
     */
    public static VideoInfo check(Path file) throws IOException {
        Thread reader = null;
        CompletableFuture<Long> packets = new CompletableFuture<>();
        VideoInfo header;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setImageMode(FrameGrabber.ImageMode.RAW);
            g.start();
            header = header(g, file);
            if (header == null) {
                g.stop();
                return probe(file);
            }
            reader = new Thread(
                    () -> {
                        try {
                            packets.complete(packets(file));
                        } catch (Throwable e) {
                            packets.completeExceptionally(e);
                        }
                    },
                    "i2v-video-check");
            reader.setDaemon(true);
            reader.start();
            long indexed = header.frames();
            for (long n : new long[] {0, indexed - 1}) {
                if (n > 0) {
                    g.setVideoFrameNumber((int) n);
                }
                Frame f = g.grabImage();
                if (f == null
                        || f.image == null
                        || f.imageWidth != header.width()
                        || f.imageHeight != header.height()) {
                    throw new IOException("frame " + n + " of " + indexed + " does not decode");
                }
            }
            if (g.grabImage() != null) {
                throw new IOException("frames after the last one the index lists");
            }
            g.stop();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot decode " + file.getFileName() + ": " + e.getMessage(), e);
        } finally {
            if (reader != null) {
                joinQuietly(reader); // no second reader of the file outlives this call
            }
        }
        long read;
        try {
            read = packets.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        if (read != header.frames()) {
            throw new IOException("the index lists " + header.frames() + " frames but the stream holds " + read);
        }
        return header;
    }

    /** The video stream's description with the index's frame count, or null where the index has no count. */
    private static VideoInfo header(FFmpegFrameGrabber g, Path file) throws IOException {
        int index = videoStream(g.getFormatContext());
        long indexed = g.getFormatContext().streams(index).nb_frames();
        if (indexed <= 0) {
            return null;
        }
        AVCodecParameters video = g.getFormatContext().streams(index).codecpar();
        return new VideoInfo(
                g.getVideoCodecName(),
                name(avcodec.avcodec_profile_name(video.codec_id(), video.profile())),
                name(avutil.av_get_pix_fmt_name(video.format())),
                name(avutil.av_color_space_name(video.color_space())),
                video.width(),
                video.height(),
                g.getFrameRate(),
                indexed,
                g.getLengthInTime() / 1_000_000.0,
                moovFirst(file));
    }

    /** Reads every packet of the video stream (none may be empty or corrupt); returns how many. */
    private static long packets(Path file) throws IOException {
        long packets = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int index = videoStream(g.getFormatContext());
            AVPacket pkt;
            while ((pkt = g.grabPacket()) != null) {
                try {
                    if (pkt.stream_index() == index) {
                        if (pkt.size() <= 0 || (pkt.flags() & avcodec.AV_PKT_FLAG_CORRUPT) != 0) {
                            throw new IOException("video packet " + packets + " is empty or damaged");
                        }
                        packets++;
                    }
                } finally {
                    avcodec.av_packet_unref(pkt);
                }
            }
            g.stop();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        return packets;
    }

    private static int videoStream(AVFormatContext fc) throws IOException {
        int index = -1;
        for (int i = 0; i < fc.nb_streams(); i++) {
            if (fc.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IOException("no video stream");
        }
        return index;
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when the MP4 index ("moov") comes before the media data ("mdat"): progressive playback. */
    static boolean moovFirst(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = new byte[8];
            while (in.readNBytes(header, 0, 8) == 8) {
                long size = ((header[0] & 0xffL) << 24)
                        | ((header[1] & 0xffL) << 16)
                        | ((header[2] & 0xffL) << 8)
                        | (header[3] & 0xffL);
                String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
                if (type.equals("moov")) {
                    return true;
                }
                if (type.equals("mdat")) {
                    return false;
                }
                if (size == 1) {
                    byte[] big = in.readNBytes(8);
                    size = ByteBuffer.wrap(big).getLong() - 8;
                }
                if (size < 8) {
                    return false;
                }
                in.skipNBytes(size - 8);
            }
            return false;
        } catch (EOFException e) {
            return false; // not an ISO media file (WebM, GIF): no box structure to walk
        }
    }

    private static String name(BytePointer p) {
        return p == null || p.isNull() ? null : p.getString();
    }
}
