package org.tmsct.relay.observe;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonObject;

/**
 * Structured log: one JSON object per line, {@code {"ts","level","event", <context>, <fields>}}, so
 * the log file can be read by eye and by jq alike. Fields are given as name, value pairs.
 */
public final class JsonLog {

    public enum Level { DEBUG, INFO, WARN, ERROR }

    private final PrintStream out;
    private final Clock clock;
    private final Map<String, String> context;
    private final Level threshold;

    public JsonLog(final PrintStream out, final Clock clock, final Map<String, String> context, final Level threshold) {
        this.out = out;
        this.clock = clock;
        this.context = new LinkedHashMap<>(context);
        this.threshold = threshold;
    }

    public void debug(final String event, final Object... fields) {
        write(Level.DEBUG, event, fields);
    }

    public void info(final String event, final Object... fields) {
        write(Level.INFO, event, fields);
    }

    public void warn(final String event, final Object... fields) {
        write(Level.WARN, event, fields);
    }

    public void error(final String event, final Object... fields) {
        write(Level.ERROR, event, fields);
    }

    /** The line that would be written (without the newline). */
    String format(final Level level, final String event, final Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("log fields come in name, value pairs");
        }
        JsonObject o = new JsonObject();
        o.addProperty("ts", clock.instant().toString());
        o.addProperty("level", level.name());
        o.addProperty("event", event);
        context.forEach(o::addProperty);
        for (int i = 0; i < fields.length; i += 2) {
            String name = String.valueOf(fields[i]);
            Object value = fields[i + 1];
            if (value == null) {
                continue;
            }
            if (value instanceof Number n) {
                o.addProperty(name, n);
            } else if (value instanceof Boolean b) {
                o.addProperty(name, b);
            } else {
                o.addProperty(name, String.valueOf(value));
            }
        }
        return o.toString();
    }

    private void write(final Level level, final String event, final Object... fields) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        String line = format(level, event, fields);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
