package org.tmsct.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tmsct.gateway.config.OrgConnection;

/**
 * Runs the project's own network scripts against one state directory and port range, exactly as a
 * user would from the Makefile, so the tests exercise the real bring-up.
 */
final class NetworkScripts {

    record Result(int exitCode, String output) {}

    static final Path REPO =
            Path.of(System.getProperty("tmsct.repo", "..")).toAbsolutePath().normalize();

    private final Path stateDir;
    private final Map<String, String> env = new HashMap<>();

    NetworkScripts(final String name, final int basePort, final String consensus) {
        this.stateDir = REPO.resolve("state").resolve("e2e-" + name);
        env.put("TMSCT_STATE", stateDir.toString());
        env.put("BASE_PORT", Integer.toString(basePort));
        env.put("CONSENSUS", consensus);
    }

    Path stateDir() {
        return stateDir;
    }

    NetworkScripts with(final String key, final String value) {
        env.put(key, value);
        return this;
    }

    /**
     * Runs scripts/<script> and returns its exit code and combined output (also echoed for the CI
     * log).
     */
    Result run(final String script, final String... args) {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(REPO.resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("tmsct-e2e", ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(command)
                            .directory(REPO.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in 15 minutes");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            System.out.printf(
                    "[%s] %s %s -> exit %d%n%s",
                    stateDir.getFileName(),
                    script,
                    String.join(" ", args),
                    p.exitValue(),
                    out.lines()
                            .filter(l -> !l.startsWith("Thread["))
                            .map(l -> "    | " + l + "\n")
                            .reduce("", String::concat));
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    Result runOk(final String script, final String... args) {
        Result r = run(script, args);
        if (r.exitCode() != 0) {
            throw new AssertionError(
                    script
                            + " "
                            + String.join(" ", args)
                            + " failed with exit "
                            + r.exitCode()
                            + ":\n"
                            + r.output());
        }
        return r;
    }

    /**
     * The bring-up every full test needs, written once in scripts/start-network.sh: up, deploy all,
     * bootstrap, relays start.
     */
    Result startNetwork() {
        return runOk("start-network.sh");
    }

    OrgConnection org(final String org) {
        return OrgConnection.load(stateDir, org);
    }

    /** pid of every process the scripts started, by pid file name. */
    Map<String, Long> pids() throws IOException {
        Map<String, Long> pids = new HashMap<>();
        Path dir = stateDir.resolve("pids");
        if (!Files.isDirectory(dir)) {
            return pids;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString().replaceAll("\\.pid$", "");
                pids.put(name, Long.parseLong(Files.readString(f).trim()));
            }
        }
        return pids;
    }

    static boolean alive(final long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Tear-down that never throws, for @AfterAll. */
    void downQuietly(final boolean wipe) {
        try {
            run(wipe ? "clean.sh" : "down.sh");
        } catch (RuntimeException e) {
            System.err.println("tear-down of " + stateDir + " failed: " + e.getMessage());
        }
    }
}
