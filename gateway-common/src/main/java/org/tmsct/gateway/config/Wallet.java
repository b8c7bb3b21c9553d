package org.tmsct.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An organisation's wallet: one directory per enrolled identity holding its certificate and its
 * private key (mode 0600), read by the client, the relay and Caliper alike.
 */
public final class Wallet {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path dir;

    public Wallet(final Path dir) {
        this.dir = dir;
    }

    public static boolean validName(final String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static String requireValidName(final String name) {
        return requireValidName("identity name", name);
    }

    /** The name rule of identities, devices included (a device id is its CA enrolment id). */
    public static String requireValidName(final String what, final String name) {
        if (!validName(name)) {
            throw new IllegalArgumentException(
                    what
                            + " '"
                            + name
                            + "' is invalid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    public Path dir() {
        return dir;
    }

    /** The files of an enrolled identity, or null if the wallet has none by that name. */
    public OrgConnection.IdentityFiles files(final String name) {
        Path cert = dir.resolve(name).resolve("cert.pem");
        Path key = dir.resolve(name).resolve("key.pem");
        if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
            return null;
        }
        return new OrgConnection.IdentityFiles(cert.toString(), key.toString());
    }

    /**
     * Stores an identity: the key first (mode 0600), then the certificate, each written to a
     * temporary file and moved into place, so a crash never leaves a certificate without its key.
     */
    public OrgConnection.IdentityFiles store(
            final String name, final String keyPem, final String certPem) {
        Path idDir = dir.resolve(requireValidName(name));
        try {
            Files.createDirectories(idDir);
            writeAtomically(idDir.resolve("key.pem"), keyPem, true);
            writeAtomically(idDir.resolve("cert.pem"), certPem, false);
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot write identity '" + name + "' to " + idDir + ": " + e.getMessage());
        }
        return files(name);
    }

    /** The names of the identities in the wallet. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> files(p.getFileName().toString()) != null)
                    .forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new ConfigException("cannot list " + dir + ": " + e.getMessage());
        }
        names.sort(null);
        return names;
    }

    /** Replaces one file whole (a key with mode 0600). */
    public static void replace(final Path file, final String text, final boolean secret) {
        try {
            writeAtomically(file, text, secret);
        } catch (IOException e) {
            throw new ConfigException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void writeAtomically(final Path file, final String text, final boolean secret)
            throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            Files.createFile(
                    tmp,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, text);
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
