package org.tmsct.relay.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * A logger of its own whose lines, encoded as in production, go to memory: for tests of what the
 * relay logs.
 */
public final class CapturedLog {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Logger logger;

    public CapturedLog(final String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.start();
        // a fresh name per capture, so tests never see each other's lines
        logger = context.getLogger("org.tmsct.relay.test.capture" + NEXT.incrementAndGet());
        logger.setLevel(Level.toLevel(level));
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    public org.slf4j.Logger logger() {
        return logger;
    }

    public String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
