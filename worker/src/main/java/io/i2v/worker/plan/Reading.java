package io.i2v.worker.plan;

import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One instruction being read against a plan: the text, the plan it starts from (the defaults, or
 * the parent of an edit), the job's options, and what was understood or could not be done, in the
 * order it was read.
 */
record Reading(
        PromptText text,
        RenderPlan base,
        JobOptions options,
        boolean edit,
        List<String> understood,
        List<String> notUnderstood) {

    static Reading of(String prompt, RenderPlan base, JobOptions options, boolean edit) {
        return new Reading(
                new PromptText(prompt == null ? "" : prompt.trim()),
                base,
                options,
                edit,
                new ArrayList<>(),
                new ArrayList<>());
    }

    void understand(String what) {
        understood.add(what);
    }

    void cannot(String what) {
        notUnderstood.add(what);
    }

    Interpretation interpretation(String summary) {
        List<String> u = new ArrayList<>(new LinkedHashSet<>(understood));
        if (u.isEmpty()) {
            u.add(edit ? "no change recognised; same as before" : "defaults");
        }
        return new Interpretation(summary, u, notUnderstood);
    }

    /** A number as the user would write it: 10, 7.5, 6.67. */
    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(Math.round(v * 100) / 100.0);
    }
}
