package io.i2v.core.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one translation of a JSON body that could not be read into {@code invalid_request} with a
 * message naming the field and what it should be ({@code options.durationSeconds must be a number}),
 * for the HTTP API and the intake queue alike. Parser internals (class names, stack) stay out.
 */
public final class JsonInputErrors {
    private JsonInputErrors() {}

    /** @param what the document, as the caller knows it ("the request body", "the message body") */
    public static I2vException describe(JsonProcessingException e, String what) {
        return describe(e, what, "");
    }

    /** @param prefix where the document sits in a larger one ("options." for a multipart part) */
    public static I2vException describe(JsonProcessingException e, String what, String prefix) {
        if (e instanceof JsonMappingException
                && (e.getCause() instanceof JsonParseException || e.getCause() instanceof StreamConstraintsException)) {
            return describe((JsonProcessingException) e.getCause(), what, prefix); // broken syntax inside a field
        }
        if (e instanceof StreamConstraintsException) {
            return invalid(what + " exceeds a JSON limit (nesting depth, number or text length): "
                    + limitOf(e.getOriginalMessage()));
        }
        if (e instanceof JsonParseException || e.getClass().getName().startsWith("com.fasterxml.jackson.core.io")) {
            return invalid(what + " is not valid JSON" + at(e) + ": " + firstLine(e.getOriginalMessage()));
        }
        if (e instanceof MismatchedInputException m
                && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return invalid(what + " has more after its JSON value" + at(e) + "; send one JSON object");
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m.getPath());
            if (field.isEmpty()) {
                return invalid(what + " must be a JSON object");
            }
            field = prefix + field;
            Class<?> target = m.getTargetType();
            return invalid("\"" + field + "\" must be " + expected(target) + at(e));
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return invalid("\"" + prefix + path(m.getPath()) + "\" has a value that cannot be read" + at(e));
        }
        return invalid(what + " could not be read as JSON" + at(e));
    }

    /** {@code options.durationSeconds}, {@code images[0].data}. */
    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    static String expected(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (t == Double.class || t == double.class || t == Float.class || t == float.class || t == BigDecimal.class) {
            return "a number";
        }
        if (t == Integer.class
                || t == int.class
                || t == Long.class
                || t == long.class
                || t == Short.class
                || t == BigInteger.class) {
            return "a whole number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class || t.isEnum()) {
            return "a string";
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "an object";
        }
        return "of another type";
    }

    private static String at(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null || loc.getLineNr() < 0
                ? ""
                : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unexpected input";
        }
        String line = message.lines().findFirst().orElse("unexpected input");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    private static String limitOf(String message) {
        String m = firstLine(message);
        int cut = m.indexOf(", from `");
        return cut < 0 ? m : m.substring(0, cut) + ")";
    }

    private static I2vException invalid(String message) {
        return new I2vException(ErrorCode.INVALID_REQUEST, message);
    }
}
