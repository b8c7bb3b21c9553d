package org.tmsct.web.auth;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.tmsct.core.login.LoginSigner;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;

/**
 * Staff login by an organisation's Fabric certificates: no password, no account database. A member
 * of staff proves that they hold the private key of an enrolment certificate their organisation's
 * Fabric CA issued.
 *
 * <h2>Protocol</h2>
 *
 * The client sends a JSON body of at most 16 KiB, exactly these four members:
 *
 * <pre>{@code
 * {"certificate": "<PEM of the enrolment certificate>",
 *  "timestamp":   <epoch milliseconds, an integer>,
 *  "nonce":       "<base64url without padding, 16 to 64 random bytes>",
 *  "signature":   "<base64 of the DER ECDSA signature, SHA256withECDSA>"}
 * }</pre>
 *
 * The signature is over the UTF-8 bytes of
 *
 * <pre>{@code "tmsct-staff-login\n" + audience + "\n" + timestamp + "\n" + nonce}</pre>
 *
 * where {@code audience} is the server's own origin ({@code scheme://host:port}, no trailing slash,
 * e.g. {@code http://127.0.0.1:7061}) and {@code timestamp} the decimal integer as sent: a login
 * made for one server is refused by another. {@link LoginSigner#loginBody} builds such a body.
 *
 * <h2>Checks, in this order (the first failure is the answer)</h2>
 *
 * <ol>
 *   <li>body over 16 KiB: {@link WebError#PAYLOAD_TOO_LARGE};
 *   <li>not a JSON object with the four members of the right types (and no other), or a certificate
 *       that is not one PEM X.509 certificate: {@link WebError#BAD_JSON};
 *   <li>certificate not signed by a CA of a trusted organisation (through its intermediates up to
 *       one of its roots): {@link WebError#CERT_UNTRUSTED}. A name is not enough: a self-signed
 *       copy of a real user's subject, or a certificate naming the real CA as issuer but signed by
 *       another key, lands here;
 *   <li>the certificate or a CA certificate of its chain outside its validity at now: {@link
 *       WebError#CERT_EXPIRED};
 *   <li>the certificate's serial (or one of its CAs') on a CRL of the organisation signed by the
 *       issuing CA: {@link WebError#CERT_REVOKED};
 *   <li>not exactly one NodeOU, a NodeOU other than {@code client} or {@code admin} (peers and
 *       orderers cannot log in), a CA certificate, or no CN: {@link WebError#FORBIDDEN};
 *   <li>timestamp more than 120 s before or after now: {@link WebError#STALE_LOGIN};
 *   <li>signature not made by the certificate's key over the message above: {@link
 *       WebError#BAD_SIGNATURE};
 *   <li>nonce already used within the last 10 minutes: {@link WebError#REPLAYED}. Only logins that
 *       passed every other check are remembered, at most 100,000 of them.
 * </ol>
 *
 * On success the answer is the {@link Staff}: MSP id, CN, whether admin, and the certificate's
 * notAfter. Thread-safe.
 */
public final class StaffLogin {
    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(120);
    public static final Duration NONCE_MEMORY = Duration.ofMinutes(10);
    public static final int MAX_NONCES = 100_000;
    static final int MIN_NONCE_BYTES = 16;
    static final int MAX_NONCE_BYTES = 64;

    // an integer as JSON writes it, small enough for a long (checked again when parsed)
    private static final Pattern TIMESTAMP = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> NODE_OUS = Set.of("client", "admin", "peer", "orderer");

    private final TrustedOrgs orgs;
    private final String audience;
    private final Clock clock;
    private final NonceCache nonces;

    /**
     * @param audience this server's origin, e.g. {@code http://127.0.0.1:7061}
     */
    public StaffLogin(final TrustedOrgs orgs, final String audience, final Clock clock) {
        this(orgs, audience, clock, MAX_NONCES);
    }

    StaffLogin(
            final TrustedOrgs orgs, final String audience, final Clock clock, final int maxNonces) {
        this.orgs = Objects.requireNonNull(orgs, "orgs");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (audience == null || audience.isBlank() || audience.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("audience must be an origin on one line");
        }
        this.audience = audience;
        this.nonces = new NonceCache(NONCE_MEMORY.toMillis(), maxNonces);
    }

    /** The audience logins must be signed for. */
    public String audience() {
        return audience;
    }

    /**
     * Checks a login body (see the class comment).
     *
     * @throws WebException the first check that fails
     */
    public Staff login(final String jsonBody) {
        if (jsonBody == null) {
            throw new WebException(WebError.BAD_JSON, "no login body");
        }
        if (utf8Longer(jsonBody, MAX_BODY_BYTES)) {
            throw new WebException(
                    WebError.PAYLOAD_TOO_LARGE,
                    "a login body is at most " + MAX_BODY_BYTES + " bytes");
        }
        final Body body = parse(jsonBody);
        final X509Certificate cert = certificate(body.certificate());

        final TrustedOrgs.Chain chain =
                orgs.chainOf(cert)
                        .orElseThrow(
                                () ->
                                        new WebException(
                                                WebError.CERT_UNTRUSTED,
                                                "certificate not issued by the CA of a trusted"
                                                        + " organisation"));
        final List<X509Certificate> path = chain.path();

        final Instant now = clock.instant();
        for (int i = 0; i < path.size(); i++) {
            checkValidity(path.get(i), i == 0, now);
        }
        for (int i = 0; i + 1 < path.size(); i++) {
            if (orgs.isRevoked(chain.mspId(), path.get(i), path.get(i + 1))) {
                throw new WebException(
                        WebError.CERT_REVOKED,
                        i == 0
                                ? "certificate revoked"
                                : "a CA certificate of its chain is revoked");
            }
        }

        final boolean admin = role(cert);
        final String name = commonName(cert);

        if (Math.abs(now.toEpochMilli() - body.timestamp()) > MAX_CLOCK_SKEW.toMillis()) {
            throw new WebException(
                    WebError.STALE_LOGIN,
                    "login timestamp more than "
                            + MAX_CLOCK_SKEW.toSeconds()
                            + " s from the server's time");
        }
        if (!signatureValid(cert, body)) {
            throw new WebException(
                    WebError.BAD_SIGNATURE,
                    "signature not made by the certificate's key for " + audience);
        }
        if (!nonces.firstUse(body.nonce(), body.timestamp(), now.toEpochMilli())) {
            throw new WebException(WebError.REPLAYED, "this login was used before");
        }
        return new Staff(chain.mspId(), name, admin, cert.getNotAfter().toInstant());
    }

    private record Body(String certificate, long timestamp, String nonce, byte[] signature) {}

    /** A flat object, read as a stream: strict JSON, no duplicate nor unknown member. */
    private static Body parse(final String json) {
        String certificate = null;
        Long timestamp = null;
        String nonce = null;
        byte[] signature = null;
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setStrictness(Strictness.STRICT);
            r.beginObject();
            final Set<String> names = new HashSet<>();
            while (r.hasNext()) {
                final String name = r.nextName();
                if (!names.add(name)) {
                    throw badJson("member \"" + name + "\" given twice");
                }
                switch (name) {
                    case "certificate":
                        certificate = string(r, name);
                        break;
                    case "timestamp":
                        timestamp = timestamp(r);
                        break;
                    case "nonce":
                        nonce = nonce(string(r, name));
                        break;
                    case "signature":
                        signature = base64(string(r, name));
                        break;
                    default:
                        throw badJson("unknown member \"" + name + "\"");
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw badJson("text after the JSON object");
            }
        } catch (IOException | IllegalStateException e) {
            throw badJson("not a JSON object: " + e.getMessage());
        }
        final List<String> missing = new ArrayList<>();
        if (certificate == null) missing.add("certificate");
        if (timestamp == null) missing.add("timestamp");
        if (nonce == null) missing.add("nonce");
        if (signature == null) missing.add("signature");
        if (!missing.isEmpty()) {
            throw badJson("missing " + String.join(", ", missing));
        }
        return new Body(certificate, timestamp, nonce, signature);
    }

    private static String string(final JsonReader r, final String name) throws IOException {
        if (r.peek() != JsonToken.STRING) {
            throw badJson("\"" + name + "\" must be a string");
        }
        return r.nextString();
    }

    private static long timestamp(final JsonReader r) throws IOException {
        // a NUMBER token; nextString gives it as written, so 1e12 or 5.0 are refused
        if (r.peek() != JsonToken.NUMBER) {
            throw badJson("\"timestamp\" must be an integer (epoch milliseconds)");
        }
        final String t = r.nextString();
        if (!TIMESTAMP.matcher(t).matches()) {
            throw badJson("\"timestamp\" must be a non-negative integer (epoch milliseconds)");
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw badJson("\"timestamp\" too large");
        }
    }

    private static String nonce(final String nonce) {
        final int maxChars = (MAX_NONCE_BYTES * 4 + 2) / 3;
        if (nonce.length() > maxChars || !BASE64URL.matcher(nonce).matches()) {
            throw badJson("\"nonce\" must be base64url without padding");
        }
        final int n;
        try {
            n = Base64.getUrlDecoder().decode(nonce).length;
        } catch (IllegalArgumentException e) {
            throw badJson("\"nonce\" must be base64url without padding");
        }
        if (n < MIN_NONCE_BYTES || n > MAX_NONCE_BYTES) {
            throw badJson(
                    "\"nonce\" must be " + MIN_NONCE_BYTES + " to " + MAX_NONCE_BYTES + " bytes");
        }
        return nonce;
    }

    private static byte[] base64(final String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw badJson("\"signature\" must be base64");
        }
    }

    private static X509Certificate certificate(final String pem) {
        final List<X509Certificate> certs;
        try {
            certs = Pem.certificates(pem);
        } catch (IllegalArgumentException e) {
            throw badJson("certificate: " + e.getMessage());
        }
        if (certs.size() != 1) {
            throw badJson("certificate: the PEM must hold exactly one certificate");
        }
        return certs.get(0);
    }

    private static void checkValidity(
            final X509Certificate c, final boolean leaf, final Instant now) {
        final String which = leaf ? "certificate" : "CA certificate " + c.getSubjectX500Principal();
        try {
            c.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new WebException(
                    WebError.CERT_EXPIRED, which + " expired on " + c.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new WebException(
                    WebError.CERT_EXPIRED,
                    which + " not valid before " + c.getNotBefore().toInstant());
        }
    }

    /** True for an admin, false for a client; FORBIDDEN for any other identity. */
    private static boolean role(final X509Certificate cert) {
        if (cert.getBasicConstraints() >= 0) {
            throw new WebException(WebError.FORBIDDEN, "a CA certificate cannot log in");
        }
        // Fabric CA puts the OUs in one multi-valued RDN (OU=client+OU=org1), cryptogen in one
        // RDN each: both are read
        final Set<String> roles = new HashSet<>();
        for (String ou : values(cert, BCStyle.OU)) {
            if (NODE_OUS.contains(ou)) {
                roles.add(ou);
            }
        }
        if (roles.size() != 1) {
            throw new WebException(
                    WebError.FORBIDDEN,
                    "the certificate must have one NodeOU (client or admin), it has " + roles);
        }
        final String role = roles.iterator().next();
        if (!role.equals("client") && !role.equals("admin")) {
            throw new WebException(WebError.FORBIDDEN, "a " + role + " certificate cannot log in");
        }
        return role.equals("admin");
    }

    private static String commonName(final X509Certificate cert) {
        final List<String> cns = values(cert, BCStyle.CN);
        if (cns.size() != 1 || cns.get(0).isBlank()) {
            throw new WebException(WebError.FORBIDDEN, "the certificate must have one CN");
        }
        return cns.get(0);
    }

    private static List<String> values(
            final X509Certificate cert, final ASN1ObjectIdentifier type) {
        final X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        final List<String> out = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type) && atv.getValue() instanceof ASN1String) {
                    out.add(((ASN1String) atv.getValue()).getString());
                }
            }
        }
        return out;
    }

    private boolean signatureValid(final X509Certificate cert, final Body body) {
        if (!(cert.getPublicKey() instanceof ECPublicKey)) {
            return false;
        }
        try {
            final Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(cert.getPublicKey());
            s.update(LoginSigner.message(audience, body.timestamp(), body.nonce()));
            return s.verify(body.signature());
        } catch (GeneralSecurityException | RuntimeException e) {
            // a signature that is not DER, for one
            return false;
        }
    }

    /** Whether the UTF-8 encoding of {@code s} is longer than {@code max} bytes, counted lazily. */
    static boolean utf8Longer(final String s, final int max) {
        if (s.length() > max) {
            return true; // every char is at least one byte
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > max;
    }

    private static WebException badJson(final String message) {
        return new WebException(WebError.BAD_JSON, message);
    }
}
