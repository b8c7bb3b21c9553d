package org.tmsct.relay.observe;

import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.event.Level;

/**
 * The relay's logging set-up around SLF4J and Logback (see logback.xml): java.util.logging bridged
 * in, the level of the relay's own events, and the relay and channel named on every line.
 */
public final class RelayLog {

    private RelayLog() {}

    /** gRPC and netty log through java.util.logging; bridged, their lines are JSON like ours. */
    public static void bridgeJavaUtilLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** The level of the relay's own events (libraries stay at WARN). */
    public static void level(final Level level) {
        if (LoggerFactory.getLogger("org.tmsct") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
        }
    }

    /**
     * Names the relay and its channel on the lines this thread logs (MDC is per thread: see {@link
     * #inContext}).
     */
    public static void context(final String relay, final String channel) {
        MDC.put("relay", relay);
        MDC.put("channel", channel);
    }

    /** The task, run with this thread's context, for another thread. */
    public static Runnable inContext(final Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            task.run();
        };
    }
}
