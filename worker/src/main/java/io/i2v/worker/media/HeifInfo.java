package io.i2v.worker.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a HEIF/AVIF file's {@code meta} box says about its primary image, read before any
 * decoding: the displayed size (ispe), whether it is a tile grid, and its rotation (irot) and
 * mirror (imir). FFmpeg decodes the pixels; this makes the pixel limit and orientation ours.
 *
 * @param quarterTurnsCcw irot: anti-clockwise quarter turns, applied first
 * @param mirror          imir: -1 none, 0 about a vertical axis (left-right), 1 about a horizontal axis
 * @param icc             colr "prof"/"rICC": the embedded ICC profile (phones: Display P3), or null
 */
public record HeifInfo(int width, int height, boolean grid, int quarterTurnsCcw, int mirror, byte[] icc) {
    /** The meta box of a phone photo is a few KB; anything above this is not a photo header. */
    private static final int MAX_META = 4 << 20;

    /** Empty when the file has no readable meta box with a sized primary item. */
    public static Optional<HeifInfo> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = 0;
            long size = ch.size();
            while (pos + 8 <= size) {
                ByteBuffer h = ByteBuffer.allocate(16);
                ch.read(h, pos);
                h.flip();
                long boxSize = Integer.toUnsignedLong(h.getInt());
                String type = type(h.getInt());
                int header = 8;
                if (boxSize == 1 && h.remaining() >= 8) {
                    boxSize = h.getLong();
                    header = 16;
                } else if (boxSize == 0) {
                    boxSize = size - pos;
                }
                if (boxSize < header) {
                    return Optional.empty();
                }
                if (type.equals("meta")) {
                    if (boxSize > MAX_META) {
                        return Optional.empty();
                    }
                    ByteBuffer meta = ByteBuffer.allocate((int) boxSize - header);
                    ch.read(meta, pos + header);
                    meta.flip();
                    return parseMeta(meta);
                }
                pos += boxSize;
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<HeifInfo> parseMeta(ByteBuffer meta) {
        meta.getInt(); // version + flags
        int primary = -1;
        Map<Integer, String> itemTypes = new HashMap<>();
        List<ByteBuffer> properties = new ArrayList<>();
        List<String> propertyTypes = new ArrayList<>();
        Map<Integer, List<Integer>> associations = new HashMap<>();
        for (Box box : children(meta)) {
            ByteBuffer b = box.body();
            switch (box.type()) {
                case "pitm" -> {
                    int version = b.get() & 0xff;
                    b.position(b.position() + 3);
                    primary = version == 0 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
                }
                case "iinf" -> {
                    int version = b.get() & 0xff;
                    b.position(b.position() + 3);
                    if (version == 0) {
                        b.getShort();
                    } else {
                        b.getInt();
                    }
                    for (Box infe : children(b)) {
                        ByteBuffer e = infe.body();
                        int v = e.get() & 0xff;
                        e.position(e.position() + 3);
                        if (v < 2) {
                            continue;
                        }
                        int id = v == 2 ? Short.toUnsignedInt(e.getShort()) : e.getInt();
                        e.getShort(); // protection index
                        itemTypes.put(id, type(e.getInt()));
                    }
                }
                case "iprp" -> {
                    for (Box p : children(b)) {
                        if (p.type().equals("ipco")) {
                            for (Box prop : children(p.body())) {
                                properties.add(prop.body());
                                propertyTypes.add(prop.type());
                            }
                        } else if (p.type().equals("ipma")) {
                            readIpma(p.body(), associations);
                        }
                    }
                }
                default -> {}
            }
        }
        if (primary < 0) {
            return Optional.empty();
        }
        int w = -1;
        int h = -1;
        int turns = 0;
        int mirror = -1;
        byte[] icc = null;
        for (int index : associations.getOrDefault(primary, List.of())) {
            if (index < 1 || index > properties.size()) {
                continue;
            }
            ByteBuffer p = properties.get(index - 1).duplicate();
            switch (propertyTypes.get(index - 1)) {
                case "ispe" -> {
                    p.getInt();
                    w = p.getInt();
                    h = p.getInt();
                }
                case "irot" -> turns = p.get() & 3;
                case "imir" -> mirror = p.get() & 1;
                case "colr" -> {
                    String kind = type(p.getInt());
                    if (kind.equals("prof") || kind.equals("rICC")) {
                        icc = new byte[p.remaining()];
                        p.get(icc);
                    }
                }
                default -> {}
            }
        }
        if (w <= 0 || h <= 0) {
            return Optional.empty();
        }
        return Optional.of(new HeifInfo(w, h, "grid".equals(itemTypes.get(primary)), turns, mirror, icc));
    }

    private static void readIpma(ByteBuffer b, Map<Integer, List<Integer>> out) {
        int version = b.get() & 0xff;
        int flags = ((b.get() & 0xff) << 16) | ((b.get() & 0xff) << 8) | (b.get() & 0xff);
        int entries = b.getInt();
        for (int i = 0; i < entries; i++) {
            int id = version < 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
            int count = b.get() & 0xff;
            List<Integer> list = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                list.add((flags & 1) != 0 ? Short.toUnsignedInt(b.getShort()) & 0x7fff : (b.get() & 0x7f));
            }
            out.put(id, list);
        }
    }

    private record Box(String type, ByteBuffer body) {}

    private static List<Box> children(ByteBuffer b) {
        List<Box> boxes = new ArrayList<>();
        while (b.remaining() >= 8) {
            int start = b.position();
            long size = Integer.toUnsignedLong(b.getInt());
            String type = type(b.getInt());
            if (size < 8 || size > b.remaining() + 8L) {
                break;
            }
            ByteBuffer body = b.slice(start + 8, (int) size - 8);
            boxes.add(new Box(type, body));
            b.position(start + (int) size);
        }
        return boxes;
    }

    private static String type(int fourcc) {
        return new String(ByteBuffer.allocate(4).putInt(fourcc).array(), StandardCharsets.ISO_8859_1);
    }
}
