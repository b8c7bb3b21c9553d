package org.tmsct.network;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.client.cli.TmsctCli;

/** Runs the `tmsct` command line in this JVM against one network, as scripts/tmsct would. */
final class CliRunner {

    /** One run: exit code and what it printed. */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Path stateDir;

    CliRunner(final Path stateDir) {
        this.stateDir = stateDir;
    }

    /** Runs with {@code stdin} (or none) and the output captured; echoed for the CI log. */
    synchronized Run run(final String stdin, final String... args) {
        List<String> full = new ArrayList<>(List.of("--state", stateDir.toString()));
        full.addAll(List.of(args));
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit = -1;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            exit = TmsctCli.run(full.toArray(String[]::new));
            return new Run(
                    exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
            out.printf(
                    "tmsct %s -> %d%n%s%s",
                    String.join(" ", args),
                    exit,
                    o.toString(StandardCharsets.UTF_8),
                    e.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Makes and registers device sensor-&lt;i&gt; of organisation {@code orgs[i]}, the device
     * {@link #recordAnchored} signs with.
     */
    void registerSensors(final String... orgs) {
        for (int i = 0; i < orgs.length; i++) {
            String device = "sensor-" + i;
            for (String step : List.of("keygen", "register")) {
                Run r = run(null, "--org", orgs[i], "device", step, device);
                if (r.exit() != 0) {
                    throw new AssertionError("device " + step + " " + device + ": " + r.all());
                }
            }
        }
    }

    /**
     * `tmsct record --wait-anchored` of one record by {@code org}'s device sensor-&lt;index&gt;
     * (the device each test class registers per organisation at bring-up).
     */
    Run recordAnchored(final String org, final int deviceIndex, final String recordJson) {
        return run(
                recordJson,
                "--org",
                org,
                "record",
                "--device",
                "sensor-" + deviceIndex,
                "--wait-anchored",
                "-");
    }
}
