package org.tmsct.web.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The organisations whose staff may log in: per MSP id, its CA certificates (roots and
 * intermediates) and its CRLs, as in a Fabric MSP directory. Immutable but for the CRLs, which
 * {@link #reloadCrls()} or {@link #replaceCrls} swap atomically while logins go on.
 *
 * <p>Every CA certificate must be a CA (basic constraints), every intermediate must chain to a root
 * of its organisation, and every CRL must be signed by a CA of its organisation: a configuration
 * that breaks one of these is refused when it is read, not at the first login.
 */
public final class TrustedOrgs {
    /** Longest chain followed from a certificate to a root, so a loop in the CAs cannot hang. */
    private static final int MAX_CHAIN = 8;

    /** One organisation's CAs and CRLs, as given or as read from its MSP directory. */
    public record Org(
            String mspId,
            List<X509Certificate> rootCerts,
            List<X509Certificate> intermediateCerts,
            List<X509CRL> crls) {
        public Org {
            Objects.requireNonNull(mspId, "mspId");
            rootCerts = List.copyOf(rootCerts);
            intermediateCerts = List.copyOf(intermediateCerts);
            crls = List.copyOf(crls);
        }
    }

    /** A certificate issued under an organisation's CA: the certificate first, a root last. */
    public record Chain(String mspId, List<X509Certificate> path) {
        public Chain {
            path = List.copyOf(path);
        }
    }

    /** A CRL and the CA whose key signed it. */
    private record SignedCrl(X509Certificate ca, X509CRL crl) {}

    private static final class Trusted {
        final String mspId;
        final List<X509Certificate> roots;
        final List<X509Certificate> intermediates;
        final Path mspDir; // null when built in memory
        volatile List<SignedCrl> crls = List.of();

        Trusted(final Org org, final Path mspDir) {
            this.mspId = org.mspId();
            this.roots = org.rootCerts();
            this.intermediates = org.intermediateCerts();
            this.mspDir = mspDir;
        }
    }

    private final Map<String, Trusted> orgs;

    /** Organisations given in memory (tests, or CAs read from elsewhere). */
    public TrustedOrgs(final Collection<Org> orgs) {
        this(orgs, Collections.emptyMap());
    }

    private TrustedOrgs(final Collection<Org> given, final Map<String, Path> dirs) {
        final Map<String, Trusted> m = new LinkedHashMap<>();
        for (Org org : given) {
            final Trusted t = new Trusted(org, dirs.get(org.mspId()));
            check(t);
            t.crls = signedCrls(t, org.crls());
            if (m.put(org.mspId(), t) != null) {
                throw new IllegalArgumentException("MSP " + org.mspId() + " given twice");
            }
        }
        this.orgs = Collections.unmodifiableMap(m);
    }

    /**
     * Reads each organisation's MSP directory (Fabric layout): {@code cacerts/*.pem} (at least
     * one), {@code intermediatecerts/*.pem} and {@code crls/*.pem} if present. Other files
     * (keystore, signcerts, config.yaml ...) are not read.
     *
     * @throws IOException a directory or file that cannot be read, or holds no valid PEM
     * @throws IllegalArgumentException certificates or CRLs that break the rules above
     */
    public static TrustedOrgs load(final Map<String, Path> mspDirs) throws IOException {
        final List<Org> orgs = new ArrayList<>();
        for (Map.Entry<String, Path> e : mspDirs.entrySet()) {
            final Path dir = e.getValue();
            final List<X509Certificate> roots = readCerts(dir.resolve("cacerts"));
            if (roots.isEmpty()) {
                throw new IOException("no CA certificate in " + dir.resolve("cacerts"));
            }
            orgs.add(
                    new Org(
                            e.getKey(),
                            roots,
                            readCerts(dir.resolve("intermediatecerts")),
                            readCrls(dir.resolve("crls"))));
        }
        return new TrustedOrgs(orgs, mspDirs);
    }

    /** The MSP ids, in the order given. */
    public Set<String> mspIds() {
        return orgs.keySet();
    }

    /**
     * Re-reads {@code crls/*.pem} of every organisation loaded from a directory. All or nothing: if
     * one organisation's CRLs cannot be read or are not signed by its CA, no CRL changes.
     */
    public void reloadCrls() throws IOException {
        final Map<Trusted, List<SignedCrl>> next = new LinkedHashMap<>();
        for (Trusted t : orgs.values()) {
            if (t.mspDir != null) {
                next.put(t, signedCrls(t, readCrls(t.mspDir.resolve("crls"))));
            }
        }
        next.forEach((t, crls) -> t.crls = crls);
    }

    /** Replaces the CRLs of {@code mspId} (e.g. one taken from the channel configuration). */
    public void replaceCrls(final String mspId, final Collection<X509CRL> crls) {
        final Trusted t = orgs.get(mspId);
        if (t == null) {
            throw new IllegalArgumentException("unknown MSP " + mspId);
        }
        t.crls = signedCrls(t, List.copyOf(crls));
    }

    /**
     * The organisation and chain of a certificate whose issuer signature a trusted CA's key
     * verifies, through intermediates up to a root of the same organisation; empty if none does.
     * Only signatures are checked here, not validity dates nor revocation.
     */
    public Optional<Chain> chainOf(final X509Certificate cert) {
        for (Trusted t : orgs.values()) {
            final List<X509Certificate> path = pathToRoot(t, cert, new HashSet<>());
            if (path != null) {
                return Optional.of(new Chain(t.mspId, path));
            }
        }
        return Optional.empty();
    }

    /** Whether a CRL of {@code mspId} signed by {@code issuer} lists the serial of {@code cert}. */
    public boolean isRevoked(
            final String mspId, final X509Certificate cert, final X509Certificate issuer) {
        final Trusted t = orgs.get(mspId);
        if (t == null) {
            return false;
        }
        for (SignedCrl c : t.crls) {
            if (c.ca().equals(issuer)
                    && c.crl().getRevokedCertificate(cert.getSerialNumber()) != null) {
                return true;
            }
        }
        return false;
    }

    /** From {@code cert} to a root, {@code cert} first; null if no trusted CA signed it. */
    private static List<X509Certificate> pathToRoot(
            final Trusted t, final X509Certificate cert, final Set<X509Certificate> seen) {
        if (seen.size() >= MAX_CHAIN || !seen.add(cert)) {
            return null;
        }
        for (X509Certificate root : t.roots) {
            if (issued(root, cert)) {
                return List.of(cert, root);
            }
        }
        for (X509Certificate ca : t.intermediates) {
            if (!seen.contains(ca) && issued(ca, cert)) {
                final List<X509Certificate> rest = pathToRoot(t, ca, seen);
                if (rest != null) {
                    final List<X509Certificate> path = new ArrayList<>();
                    path.add(cert);
                    path.addAll(rest);
                    return path;
                }
            }
        }
        return null;
    }

    /**
     * The name must match and the CA's key must verify the signature: a name alone is forgeable.
     */
    private static boolean issued(final X509Certificate ca, final X509Certificate cert) {
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void check(final Trusted t) {
        for (X509Certificate ca : concat(t.roots, t.intermediates)) {
            if (ca.getBasicConstraints() < 0) {
                throw new IllegalArgumentException(
                        "MSP "
                                + t.mspId
                                + ": not a CA certificate: "
                                + ca.getSubjectX500Principal());
            }
        }
        for (X509Certificate ca : t.intermediates) {
            final List<X509Certificate> path = pathToRoot(t, ca, new HashSet<>());
            if (path == null || path.size() < 2) {
                throw new IllegalArgumentException(
                        "MSP "
                                + t.mspId
                                + ": intermediate CA not issued under a root: "
                                + ca.getSubjectX500Principal());
            }
        }
    }

    private static List<SignedCrl> signedCrls(final Trusted t, final List<X509CRL> crls) {
        final List<SignedCrl> out = new ArrayList<>();
        for (X509CRL crl : crls) {
            final X509Certificate ca = signerOf(t, crl);
            if (ca == null) {
                throw new IllegalArgumentException(
                        "MSP "
                                + t.mspId
                                + ": CRL not signed by its CA: "
                                + crl.getIssuerX500Principal());
            }
            out.add(new SignedCrl(ca, crl));
        }
        return List.copyOf(out);
    }

    private static X509Certificate signerOf(final Trusted t, final X509CRL crl) {
        for (X509Certificate ca : concat(t.roots, t.intermediates)) {
            if (crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                try {
                    crl.verify(ca.getPublicKey());
                    return ca;
                } catch (GeneralSecurityException | RuntimeException e) {
                    // another CA with the same name, perhaps: try the next
                }
            }
        }
        return null;
    }

    private static List<X509Certificate> concat(
            final List<X509Certificate> a, final List<X509Certificate> b) {
        final List<X509Certificate> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<X509Certificate> readCerts(final Path dir) throws IOException {
        final List<X509Certificate> out = new ArrayList<>();
        for (Path f : pemFiles(dir)) {
            final List<X509Certificate> certs;
            try {
                certs = Pem.certificates(Files.readString(f, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new IOException(f + ": " + e.getMessage(), e);
            }
            if (certs.isEmpty()) {
                throw new IOException(f + ": no certificate");
            }
            out.addAll(certs);
        }
        return out;
    }

    private static List<X509CRL> readCrls(final Path dir) throws IOException {
        final List<X509CRL> out = new ArrayList<>();
        for (Path f : pemFiles(dir)) {
            final List<X509CRL> crls;
            try {
                crls = Pem.crls(Files.readString(f, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new IOException(f + ": " + e.getMessage(), e);
            }
            if (crls.isEmpty()) {
                throw new IOException(f + ": no CRL");
            }
            out.addAll(crls);
        }
        return out;
    }

    /** The {@code *.pem} files of {@code dir}, sorted; none if the directory does not exist. */
    private static List<Path> pemFiles(final Path dir) throws IOException {
        final List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.pem")) {
            for (Path f : ds) {
                if (Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        }
        Collections.sort(out);
        return out;
    }
}
