package io.i2v.worker.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes real HEIC files for tests, the way phones do: each tile is an HEVC image encoded by
 * libx265 (in the bundled FFmpeg), wrapped by hand in the HEIF item structure (ISO/IEC 23008-12):
 * ftyp, meta (hdlr pict, pitm, iinf, iref dimg, iprp with hvcC/ispe/irot/imir, iloc) and mdat.
 * A grid file holds rows × columns tiles and a "grid" item composing them, cropped to the
 * output size, like an iPhone's 512×512 tiles.
 */
public final class HeifWriter {
    private HeifWriter() {}

    /** A single coded image (no grid). */
    public static byte[] single(BufferedImage image, int quarterTurnsCcw, int mirror) {
        return write(image, 1, 1, false, quarterTurnsCcw, mirror, null);
    }

    /** A single image whose pixels are in the given ICC profile (colr "prof"), as iPhones tag Display P3. */
    public static byte[] withProfile(BufferedImage image, byte[] icc) {
        return write(image, 1, 1, false, 0, -1, icc);
    }

    /** A grid of {@code rows × cols} tiles covering {@code image}; tiles are padded at the right/bottom. */
    public static byte[] grid(BufferedImage image, int rows, int cols, int quarterTurnsCcw, int mirror) {
        return write(image, rows, cols, true, quarterTurnsCcw, mirror, null);
    }

    private static byte[] write(
            BufferedImage image, int rows, int cols, boolean grid, int turns, int mirror, byte[] icc) {
        int tileW = even((image.getWidth() + cols - 1) / cols);
        int tileH = even((image.getHeight() + rows - 1) / rows);
        List<Hevc> tiles = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                BufferedImage tile = new BufferedImage(tileW, tileH, BufferedImage.TYPE_3BYTE_BGR);
                tile.createGraphics().drawImage(image, -c * tileW, -r * tileH, null);
                tiles.add(encode(tile));
            }
        }
        try {
            return container(
                    tiles, tileW, tileH, image.getWidth(), image.getHeight(), rows, cols, grid, turns, mirror, icc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int even(int v) {
        return (v + 1) & ~1;
    }

    /** One HEVC intra picture: parameter sets for hvcC, and the picture as length-prefixed NAL units. */
    private record Hevc(List<byte[]> vps, List<byte[]> sps, List<byte[]> pps, byte[] sample) {}

    private static Hevc encode(BufferedImage tile) {
        ByteArrayOutputStream annexB = new ByteArrayOutputStream();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(annexB, tile.getWidth(), tile.getHeight());
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat("hevc");
            r.setVideoCodecName("libx265");
            r.setVideoCodec(avcodec.AV_CODEC_ID_HEVC);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(1);
            r.setVideoOption("x265-params", "log-level=error:keyint=1:info=0");
            r.setVideoOption("crf", "20");
            r.start();
            r.record(conv.convert(tile));
            r.stop();
        } catch (Exception e) {
            throw new IllegalStateException("libx265 encode failed", e);
        }
        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        for (byte[] nal : nals(annexB.toByteArray())) {
            int type = (nal[0] >> 1) & 0x3f;
            switch (type) {
                case 32 -> vps.add(nal);
                case 33 -> sps.add(nal);
                case 34 -> pps.add(nal);
                case 39, 40 -> {} // SEI: not needed
                default -> {
                    sample.write(nal.length >>> 24);
                    sample.write(nal.length >>> 16);
                    sample.write(nal.length >>> 8);
                    sample.write(nal.length);
                    sample.writeBytes(nal);
                }
            }
        }
        return new Hevc(vps, sps, pps, sample.toByteArray());
    }

    private static List<byte[]> nals(byte[] s) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 <= s.length; i++) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                starts.add(i + 3);
                i += 2;
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int from = starts.get(k);
            int to = k + 1 < starts.size() ? starts.get(k + 1) - 3 : s.length;
            while (to > from && s[to - 1] == 0) {
                to--; // the zero of a 4-byte start code belongs to no NAL unit
            }
            out.add(Arrays.copyOfRange(s, from, to));
        }
        return out;
    }

    private static byte[] container(
            List<Hevc> tiles,
            int tileW,
            int tileH,
            int outW,
            int outH,
            int rows,
            int cols,
            boolean grid,
            int turns,
            int mirror,
            byte[] icc)
            throws IOException {
        int gridId = tiles.size() + 1;
        int primary = grid ? gridId : 1;
        byte[] gridDescriptor = grid ? gridDescriptor(rows, cols, outW, outH) : new byte[0];

        // properties: 1 hvcC, 2 ispe(tile), 3 ispe(output), 4 irot, 5 imir
        List<byte[]> props = new ArrayList<>();
        props.add(box("hvcC", hvcC(tiles.get(0))));
        props.add(fullBox("ispe", 0, 0, ints(tileW, tileH)));
        props.add(fullBox("ispe", 0, 0, ints(outW, outH)));
        props.add(box("irot", new byte[] {(byte) turns}));
        props.add(box("imir", new byte[] {(byte) Math.max(0, mirror)}));
        if (icc != null) {
            props.add(box("colr", concat(List.of(ascii("prof"), icc)))); // property 6
        }
        byte[] ipco = box("ipco", concat(props));

        ByteArrayOutputStream ipma = new ByteArrayOutputStream();
        DataOutputStream ipmaOut = new DataOutputStream(ipma);
        int entries = tiles.size() + (grid ? 1 : 0);
        ipmaOut.writeInt(entries);
        for (int i = 1; i <= tiles.size(); i++) {
            List<Integer> assoc = new ArrayList<>(List.of(0x80 | 1, grid ? 2 : 3));
            if (!grid) {
                addTransforms(assoc, turns, mirror);
                if (icc != null) {
                    assoc.add(6);
                }
            }
            writeAssoc(ipmaOut, i, assoc);
        }
        if (grid) {
            List<Integer> assoc = new ArrayList<>(List.of(3));
            addTransforms(assoc, turns, mirror);
            writeAssoc(ipmaOut, gridId, assoc);
        }
        byte[] iprp = box("iprp", concat(List.of(ipco, fullBox("ipma", 0, 0, ipma.toByteArray()))));

        ByteArrayOutputStream infes = new ByteArrayOutputStream();
        DataOutputStream infeOut = new DataOutputStream(infes);
        infeOut.writeShort(entries);
        for (int i = 1; i <= tiles.size(); i++) {
            infeOut.write(infe(i, "hvc1", grid));
        }
        if (grid) {
            infeOut.write(infe(gridId, "grid", false));
        }
        byte[] iinf = fullBox("iinf", 0, 0, infes.toByteArray());

        byte[] iref = new byte[0];
        if (grid) {
            ByteArrayOutputStream dimg = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(dimg);
            d.writeShort(gridId);
            d.writeShort(tiles.size());
            for (int i = 1; i <= tiles.size(); i++) {
                d.writeShort(i);
            }
            iref = fullBox("iref", 0, 0, box("dimg", dimg.toByteArray()));
        }
        byte[] hdlr = fullBox("hdlr", 0, 0, concat(List.of(new byte[4], ascii("pict"), new byte[12], new byte[1])));
        byte[] pitm = fullBox("pitm", 0, 0, new byte[] {(byte) (primary >> 8), (byte) primary});
        byte[] ftyp = box("ftyp", concat(List.of(ascii("heic"), new byte[4], ascii("mif1"), ascii("heic"))));

        // iloc needs absolute offsets into mdat, so lay out everything before mdat first
        int ilocSize = 8 + 4 + 2 + 2 + entries * (2 + 2 + 2 + 4 + 4);
        byte[] metaProbe = metaBox(hdlr, pitm, iinf, iref, iprp, new byte[ilocSize]);
        long mdatStart = ftyp.length + metaProbe.length;
        long dataOffset = mdatStart + 8;
        ByteArrayOutputStream iloc = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(iloc);
        l.writeByte(0x44); // offset_size 4, length_size 4
        l.writeByte(0x00); // base_offset_size 0, reserved
        l.writeShort(entries);
        long at = dataOffset;
        for (int i = 1; i <= tiles.size(); i++) {
            at = ilocEntry(l, i, at, tiles.get(i - 1).sample().length);
        }
        if (grid) {
            ilocEntry(l, gridId, at, gridDescriptor.length);
        }
        byte[] ilocBox = fullBox("iloc", 0, 0, iloc.toByteArray());
        if (ilocBox.length != ilocSize) {
            throw new IllegalStateException("iloc size " + ilocBox.length + " != " + ilocSize);
        }
        byte[] meta = metaBox(hdlr, pitm, iinf, iref, iprp, ilocBox);
        List<byte[]> payload = new ArrayList<>();
        tiles.forEach(t -> payload.add(t.sample()));
        payload.add(gridDescriptor);
        byte[] mdat = box("mdat", concat(payload));
        return concat(List.of(ftyp, meta, mdat));
    }

    private static void addTransforms(List<Integer> assoc, int turns, int mirror) {
        if (turns != 0) {
            assoc.add(0x80 | 4);
        }
        if (mirror >= 0) {
            assoc.add(0x80 | 5);
        }
    }

    private static void writeAssoc(DataOutputStream out, int id, List<Integer> assoc) throws IOException {
        out.writeShort(id);
        out.writeByte(assoc.size());
        for (int a : assoc) {
            out.writeByte(a);
        }
    }

    private static long ilocEntry(DataOutputStream l, int id, long offset, int length) throws IOException {
        l.writeShort(id);
        l.writeShort(0); // data_reference_index: this file
        l.writeShort(1); // extent_count
        l.writeInt((int) offset);
        l.writeInt(length);
        return offset + length;
    }

    private static byte[] metaBox(byte[] hdlr, byte[] pitm, byte[] iinf, byte[] iref, byte[] iprp, byte[] iloc) {
        return fullBox("meta", 0, 0, concat(List.of(hdlr, pitm, iloc, iinf, iref, iprp)));
    }

    private static byte[] infe(int id, String type, boolean hidden) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeShort(id);
        d.writeShort(0);
        d.write(ascii(type));
        d.writeByte(0); // empty name
        return fullBox("infe", 2, hidden ? 1 : 0, b.toByteArray());
    }

    private static byte[] gridDescriptor(int rows, int cols, int w, int h) {
        return new byte[] {
            0, 0, (byte) (rows - 1), (byte) (cols - 1), (byte) (w >> 8), (byte) w, (byte) (h >> 8), (byte) h
        };
    }

    /** HEVCDecoderConfigurationRecord: profile fields copied from the SPS, then the parameter-set arrays. */
    private static byte[] hvcC(Hevc h) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        byte[] sps = h.sps().get(0);
        d.writeByte(1);
        d.write(sps, 3, 12); // general_profile_space..general_level_idc (profile_tier_level, first 12 bytes)
        d.writeShort(0xF000);
        d.writeByte(0xFC);
        d.writeByte(0xFC | 1); // chroma 4:2:0
        d.writeByte(0xF8);
        d.writeByte(0xF8);
        d.writeShort(0);
        d.writeByte(0x0F | 0x08 /* temporalIdNested */ | (3 - 0) /* lengthSizeMinusOne = 3 */);
        d.writeByte(3);
        writeArray(d, 32, h.vps());
        writeArray(d, 33, h.sps());
        writeArray(d, 34, h.pps());
        return b.toByteArray();
    }

    private static void writeArray(DataOutputStream d, int type, List<byte[]> nals) throws IOException {
        d.writeByte(0x80 | type);
        d.writeShort(nals.size());
        for (byte[] n : nals) {
            d.writeShort(n.length);
            d.write(n);
        }
    }

    private static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    static byte[] box(String type, byte[] body) {
        return concat(List.of(ints(8 + body.length), ascii(type), body));
    }

    static byte[] fullBox(String type, int version, int flags, byte[] body) {
        return box(
                type,
                concat(List.of(
                        new byte[] {(byte) version, (byte) (flags >> 16), (byte) (flags >> 8), (byte) flags}, body)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
