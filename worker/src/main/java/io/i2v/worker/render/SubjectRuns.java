package io.i2v.worker.render;

/**
 * A frame's runs for a {@link LayeredShot}: where the subject is drawn (box columns, per box row)
 * and where the background is skipped under its opaque core (frame columns, per frame row), luma
 * and chroma. Worked out again for every frame.
 */
final class SubjectRuns {
    final Runs draw = new Runs(), drawChroma = new Runs(), skip = new Runs(), skipChroma = new Runs();

    /** Works out the runs for the subject layer drawn into box {@code b} of a frame {@code height} rows tall. */
    void update(LayerStack.SubjectLayer subject, LayeredShot.Box b, int height, boolean skipBackground) {
        int bw = b.x1() - b.x0();
        int bh = b.y1() - b.y0();
        LayerStack.Spans sp = subject.spans();
        int ch = sp.any().rows();
        draw.reset();
        for (int j = 0; j < bh; j++) {
            if (!skipBackground) {
                // the defocused twin spreads past the sharp matte: draw the whole box
                draw.add(0, bw);
            } else {
                int r0 = clamp((int) Math.floor(b.sy() + j * b.step()), ch - 1);
                shown(sp.any(), r0, Math.min(ch - 1, r0 + 1), b.sx(), b.step(), bw, draw);
            }
            draw.endRow();
        }
        LayerStack.Spans cs = subject.chromaSpans();
        int cch = cs.any().rows();
        drawChroma.reset();
        for (int jc = 0; jc < bh / 2; jc++) {
            if (!skipBackground) {
                drawChroma.add(0, bw / 2);
            } else {
                int r0 = clamp((int) Math.floor(b.ct() + jc * b.step()), cch - 1);
                shown(cs.any(), r0, Math.min(cch - 1, r0 + 1), b.cl(), b.step(), bw / 2, drawChroma);
            }
            drawChroma.endRow();
        }
        skip.reset();
        skipChroma.reset();
        if (skipBackground) {
            for (int y = 0; y < height; y++) {
                int j = y - b.y0();
                if (j >= 0 && j < bh) {
                    hidden(sp.solid(), b.sy() + j * b.step(), b.sx(), b.step(), bw, b.x0(), skip);
                }
                skip.endRow();
            }
            for (int y = 0; y < height / 2; y++) {
                int jc = y - b.y0() / 2;
                if (jc >= 0 && jc < bh / 2) {
                    hidden(cs.solid(), b.ct() + jc * b.step(), b.cl(), b.step(), bw / 2, b.x0() / 2, skipChroma);
                }
                skipChroma.endRow();
            }
        }
    }

    /**
     * The box columns that sample crop rows {@code r0} and {@code r1} where either covers anything
     * (columns {@code sx + i * step}, with the bilinear tap and a pixel to spare), appended to
     * {@code into}'s current row.
     */
    private static void shown(Runs any, int r0, int r1, double sx, double step, int bw, Runs into) {
        int a = 0, na = any.count(r0), c = 0, nc = any.count(r1);
        while (a < na || c < nc) {
            boolean first = c >= nc || (a < na && any.from(r0, a) <= any.from(r1, c));
            int f = first ? any.from(r0, a) : any.from(r1, c);
            int t = first ? any.to(r0, a++) : any.to(r1, c++);
            into.add(
                    clamp((int) Math.floor((f - 1 - sx) / step) - 1, bw),
                    clamp((int) Math.ceil((t + 1 - sx) / step) + 2, bw));
        }
    }

    /**
     * Where the subject plane sampled at crop row {@code cy} (columns {@code sx + i * step}) is
     * surely opaque: both rows the bilinear sample blends, and both columns, inside solid runs,
     * with a pixel to spare. Appended to {@code into}'s current row as frame columns.
     */
    private static void hidden(Runs solid, double cy, double sx, double step, int bw, int x0, Runs into) {
        int ch = solid.rows();
        if (cy < 0 || cy > ch - 2) {
            return;
        }
        int r0 = (int) Math.floor(cy);
        int r1 = r0 + 1;
        int a = 0, na = solid.count(r0), c = 0, nc = solid.count(r1);
        while (a < na && c < nc) {
            int from = Math.max(solid.from(r0, a), solid.from(r1, c));
            int to = Math.min(solid.to(r0, a), solid.to(r1, c));
            if (to - from > 4) {
                int f = (int) Math.ceil((from + 1 - sx) / step) + 1;
                int t = (int) Math.floor((to - 2 - sx) / step) - 1;
                if (t > f) {
                    into.add(clamp(f, bw) + x0, clamp(t, bw) + x0);
                }
            }
            if (solid.to(r0, a) < solid.to(r1, c)) {
                a++;
            } else {
                c++;
            }
        }
    }

    private static int clamp(int v, int hi) {
        return Math.max(0, Math.min(hi, v));
    }
}
