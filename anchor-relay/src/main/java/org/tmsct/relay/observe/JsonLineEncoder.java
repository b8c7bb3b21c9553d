package org.tmsct.relay.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each log event as one JSON object on one line, {@code {"ts","level","event", <MDC>,
 * <key-value pairs>}}, so the log file can be read by eye and by jq alike. The message is the
 * event's name; numbers and booleans among the key-value pairs stay JSON numbers and booleans, and
 * null values are left out. Lines from other libraries (gRPC, bridged from java.util.logging) also
 * name their {@code logger}, since their message alone does not say where it came from.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final String OURS = "org.tmsct.";

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(final ILoggingEvent event) {
        return (line(event) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    /** The line for one event, without the newline. */
    static String line(final ILoggingEvent event) {
        JsonObject o = new JsonObject();
        o.addProperty("ts", event.getInstant().toString());
        o.addProperty("level", event.getLevel().toString());
        o.addProperty("event", event.getFormattedMessage());
        // sorted, so the context fields (relay, channel) come in the same order on every line
        new TreeMap<>(event.getMDCPropertyMap()).forEach(o::addProperty);
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                add(o, kv.key, kv.value);
            }
        }
        if (!event.getLoggerName().startsWith(OURS)) {
            o.addProperty("logger", event.getLoggerName());
        }
        if (event.getThrowableProxy() != null) {
            o.addProperty("stack", ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return o.toString();
    }

    private static void add(final JsonObject o, final String name, final Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Number n) {
            o.addProperty(name, n);
        } else if (value instanceof Boolean b) {
            o.addProperty(name, b);
        } else {
            o.addProperty(name, String.valueOf(value));
        }
    }
}
