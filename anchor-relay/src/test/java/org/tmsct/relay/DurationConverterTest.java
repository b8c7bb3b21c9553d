package org.tmsct.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tmsct.gateway.observe.MetricsServer;
import picocli.CommandLine;

class DurationConverterTest {

    @Test
    void readsShortAndIsoForms() {
        assertEquals(Duration.ofMillis(250), DurationConverter.parse("250ms"));
        assertEquals(Duration.ofSeconds(10), DurationConverter.parse("10s"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("PT1M30S"));
        assertThrows(
                CommandLine.TypeConversionException.class, () -> DurationConverter.parse("soon"));
    }

    @Test
    void helpListsEveryOption() {
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new RelayMain());
        cl.setOut(new java.io.PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        for (String option :
                new String[] {
                    "--state-dir",
                    "--org",
                    "--metrics",
                    "--checkpoint",
                    "--rejection-retry",
                    "--shutdown-grace"
                }) {
            assertEquals(true, out.toString().contains(option), option);
        }
    }

    @Test
    void metricsAddressMustBeHostAndPort() {
        assertEquals(9205, MetricsServer.address("127.0.0.1:9205").getPort());
        assertThrows(IllegalArgumentException.class, () -> MetricsServer.address("9205"));
        assertThrows(IllegalArgumentException.class, () -> MetricsServer.address("127.0.0.1:x"));
    }
}
