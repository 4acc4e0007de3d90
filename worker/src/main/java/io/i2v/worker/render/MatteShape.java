package io.i2v.worker.render;

import java.util.ArrayDeque;

/**
 * The shape steps of a subject mask: of what GrabCut marked, the connected parts that hold a seed
 * are kept and their holes filled, so the mask is the subject, not every pixel GrabCut liked.
 */
final class MatteShape {
    private MatteShape() {}

    /**
     * The connected parts of the mask that hold a seed (the largest, and any at least half its
     * size: a group of similar things), with their holes filled: the subject, not every pixel
     * GrabCut liked.
     */
    static byte[] keepSubject(byte[] fg, byte[] init, int w, int h) {
        int[] label = new int[w * h];
        int[] sizes = new int[w * h / 2 + 2];
        boolean[] seeded = new boolean[sizes.length];
        int n = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        // the parts that hold a definite seed (a face, the sharpest detail) are the subject; else any probable seed
        byte definite = 3;
        for (byte b : init) {
            if (b == 1) {
                definite = 1;
                break;
            }
        }
        for (int s = 0; s < fg.length; s++) {
            if (fg[s] == 0 || label[s] != 0) {
                continue;
            }
            n++;
            if (n >= sizes.length) {
                break;
            }
            label[s] = n;
            queue.add(s);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                sizes[n]++;
                seeded[n] |= init[i] == definite;
                int x = i % w;
                int y = i / w;
                for (int d = 0; d < 4; d++) {
                    int nx = x + (d == 0 ? 1 : d == 1 ? -1 : 0);
                    int ny = y + (d == 2 ? 1 : d == 3 ? -1 : 0);
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
                        int j = ny * w + nx;
                        if (fg[j] == 1 && label[j] == 0) {
                            label[j] = n;
                            queue.add(j);
                        }
                    }
                }
            }
        }
        int largest = 0;
        for (int k = 1; k <= Math.min(n, sizes.length - 1); k++) {
            if (seeded[k]) {
                largest = Math.max(largest, sizes[k]);
            }
        }
        byte[] keep = new byte[w * h];
        for (int i = 0; i < keep.length; i++) {
            int k = label[i];
            keep[i] = (byte) (k > 0 && k < sizes.length && seeded[k] && sizes[k] * 2 >= largest && largest > 0 ? 1 : 0);
        }
        return fillHoles(keep, w, h);
    }

    /** Background pockets that do not reach the border become subject. */
    private static byte[] fillHoles(byte[] m, int w, int h) {
        byte[] outside = new byte[w * h];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int x = 0; x < w; x++) {
            seed(m, outside, queue, x);
            seed(m, outside, queue, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            seed(m, outside, queue, y * w);
            seed(m, outside, queue, y * w + w - 1);
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int x = i % w;
            int y = i / w;
            if (x > 0) {
                seed(m, outside, queue, i - 1);
            }
            if (x < w - 1) {
                seed(m, outside, queue, i + 1);
            }
            if (y > 0) {
                seed(m, outside, queue, i - w);
            }
            if (y < h - 1) {
                seed(m, outside, queue, i + w);
            }
        }
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (outside[i] == 1 ? 0 : 1);
        }
        return out;
    }

    private static void seed(byte[] m, byte[] outside, ArrayDeque<Integer> queue, int i) {
        if (m[i] == 0 && outside[i] == 0) {
            outside[i] = 1;
            queue.add(i);
        }
    }
}
