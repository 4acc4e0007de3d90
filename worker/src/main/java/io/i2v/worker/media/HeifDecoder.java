package io.i2v.worker.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.AVStreamGroup;
import org.bytedeco.ffmpeg.avformat.AVStreamGroupTileGrid;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * HEIC and AVIF through FFmpeg's HEIF demuxer. A single-image file decodes as one frame. A tile
 * grid (what phones write: a 4032×3024 photo as 48 tiles of 512×512) is exposed by FFmpeg 8 as
 * one stream per tile plus a tile-grid stream group; the grabber alone would return one tile, so
 * each tile is decoded here and drawn at its offset into the (cropped, scaled) whole image.
 */
final class HeifDecoder {
    private HeifDecoder() {}

    /**
     * @param scale     output pixels per source pixel, ≤ 1
     * @param maxPixels the pixel limit, applied again to what the coded streams declare: the item
     *                  header checked before may disagree with the bitstreams it points to
     */
    static BufferedImage decode(Path file, double scale, long maxPixels) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            AVFormatContext fc = grabber.getFormatContext();
            AVStreamGroup grid = tileGrid(fc);
            long coded = 0;
            if (grid != null) {
                for (int i = 0; i < grid.nb_streams(); i++) {
                    coded += (long) grid.streams(i).codecpar().width()
                            * grid.streams(i).codecpar().height();
                }
            } else {
                coded = (long) grabber.getImageWidth() * grabber.getImageHeight();
            }
            if (coded > maxPixels) {
                throw new I2vException(
                        ErrorCode.IMAGE_TOO_LARGE,
                        "image's coded pictures hold " + coded / 1_000_000 + " MP; the limit is "
                                + maxPixels / 1_000_000 + " MP");
            }
            if (grid != null) {
                return composeGrid(fc, grid, scale, maxPixels);
            }
            return single(grabber, scale);
        }
    }

    private static BufferedImage single(FFmpegFrameGrabber grabber, double scale) throws Exception {
        if (scale < 1) {
            grabber.stop();
            grabber.setImageWidth(Math.max(1, (int) Math.round(grabber.getImageWidth() * scale)));
            grabber.setImageHeight(Math.max(1, (int) Math.round(grabber.getImageHeight() * scale)));
            grabber.start();
        }
        try (Java2DFrameConverter converter = new Java2DFrameConverter()) {
            Frame frame = grabber.grabImage();
            if (frame == null) {
                return null;
            }
            BufferedImage shared = converter.convert(frame);
            BufferedImage copy = new BufferedImage(shared.getWidth(), shared.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = copy.createGraphics();
            g.drawImage(shared, 0, 0, null);
            g.dispose();
            return copy;
        }
    }

    private static AVStreamGroup tileGrid(AVFormatContext fc) {
        for (int i = 0; i < fc.nb_stream_groups(); i++) {
            AVStreamGroup g = fc.stream_groups(i);
            if (g.type() == avformat.AV_STREAM_GROUP_PARAMS_TILE_GRID) {
                return g;
            }
        }
        return null;
    }

    private static BufferedImage composeGrid(AVFormatContext fc, AVStreamGroup group, double scale, long maxPixels) {
        AVStreamGroupTileGrid grid = group.params_tile_grid();
        int outW = Math.max(1, (int) Math.round(grid.width() * scale));
        int outH = Math.max(1, (int) Math.round(grid.height() * scale));
        // stream index → where its tile goes, in coded-grid pixels relative to the cropped output
        Map<Integer, int[]> placement = new HashMap<>();
        for (int t = 0; t < grid.nb_tiles(); t++) {
            AVStream st = group.streams(grid.offsets_idx(t));
            placement.put(st.index(), new int[] {
                grid.offsets_horizontal(t) - grid.horizontal_offset(), grid.offsets_vertical(t) - grid.vertical_offset()
            });
        }
        BufferedImage canvas = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AVPacket pkt = av_packet_alloc();
        int drawn = 0;
        long[] decoded = {0}; // pixels the bitstreams really held, whatever the headers said
        try {
            while (drawn < placement.size() && av_read_frame(fc, pkt) >= 0) {
                try {
                    int[] at = placement.remove(pkt.stream_index());
                    if (at == null) {
                        continue;
                    }
                    AVStream st = fc.streams(pkt.stream_index());
                    int x0 = (int) Math.round(at[0] * scale);
                    int y0 = (int) Math.round(at[1] * scale);
                    int x1 = (int) Math.round((at[0] + st.codecpar().width()) * scale);
                    int y1 = (int) Math.round((at[1] + st.codecpar().height()) * scale);
                    if (x1 > x0 && y1 > y0) {
                        g.drawImage(decodeTile(st, pkt, x1 - x0, y1 - y0, decoded, maxPixels), x0, y0, null);
                    }
                } finally {
                    av_packet_unref(pkt);
                }
            }
        } finally {
            av_packet_free(pkt);
            g.dispose();
        }
        if (!placement.isEmpty()) {
            throw new IllegalStateException(placement.size() + " grid tiles missing");
        }
        return canvas;
    }

    /** One tile's single packet, decoded and scaled by swscale straight into a BGR image. */
    private static BufferedImage decodeTile(AVStream st, AVPacket pkt, int w, int h, long[] decoded, long maxPixels) {
        AVCodec codec = avcodec_find_decoder(st.codecpar().codec_id());
        if (codec == null) {
            throw new IllegalStateException(
                    "no decoder for tile codec " + st.codecpar().codec_id());
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        SwsContext sws = null;
        try {
            check(avcodec_parameters_to_context(ctx, st.codecpar()), "tile parameters");
            ctx.thread_count(1);
            check(avcodec_open2(ctx, codec, (AVDictionary) null), "tile decoder");
            check(avcodec_send_packet(ctx, pkt), "tile packet");
            avcodec_send_packet(ctx, null);
            check(avcodec_receive_frame(ctx, frame), "tile frame");
            decoded[0] += (long) frame.width() * frame.height();
            if (decoded[0] > maxPixels) {
                throw new I2vException(
                        ErrorCode.IMAGE_TOO_LARGE, "image's tiles hold more than " + maxPixels / 1_000_000 + " MP");
            }
            sws = swscale.sws_getContext(
                    frame.width(),
                    frame.height(),
                    frame.format(),
                    w,
                    h,
                    avutil.AV_PIX_FMT_BGR24,
                    swscale.SWS_AREA | swscale.SWS_ACCURATE_RND,
                    null,
                    null,
                    (double[]) null);
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            byte[] pixels = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            // swscale reads four plane pointers and strides, and its SIMD may write a little past a row
            try (BytePointer dst = new BytePointer((long) pixels.length + 64);
                    PointerPointer<BytePointer> dstPlanes = new PointerPointer<>(dst, null, null, null);
                    IntPointer dstStride = new IntPointer(new int[] {w * 3, 0, 0, 0})) {
                swscale.sws_scale(sws, frame.data(), frame.linesize(), 0, frame.height(), dstPlanes, dstStride);
                dst.get(pixels, 0, pixels.length);
            }
            return out;
        } finally {
            if (sws != null) {
                swscale.sws_freeContext(sws);
            }
            av_frame_free(frame);
            avcodec_free_context(ctx);
        }
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " failed: " + ret);
        }
    }
}
