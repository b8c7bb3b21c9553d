package org.tmsct.web.auth;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Strict PEM reading: only the expected blocks, and nothing but white space around them. */
final class Pem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    private Pem() {}

    /**
     * The DER of every block of {@code type}; fails on any other block or stray text. Scanned with
     * indexOf, not a regular expression, so a hostile 16 KiB body costs linear time.
     */
    static List<byte[]> blocks(final String pem, final String type) {
        final List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            final int begin = pem.indexOf(BEGIN, pos);
            if (!pem.substring(pos, begin < 0 ? pem.length() : begin).isBlank()) {
                throw new IllegalArgumentException("text outside a PEM block");
            }
            if (begin < 0) {
                return out;
            }
            final int labelEnd = pem.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                throw new IllegalArgumentException("an unterminated PEM header");
            }
            final String label = pem.substring(begin + BEGIN.length(), labelEnd);
            if (!label.equals(type)) {
                throw new IllegalArgumentException("a PEM block that is not a " + type);
            }
            final String end = "-----END " + label + DASHES;
            final int bodyStart = labelEnd + DASHES.length();
            final int endAt = pem.indexOf(end, bodyStart);
            if (endAt < 0) {
                throw new IllegalArgumentException("a PEM block without its END line");
            }
            final String body = pem.substring(bodyStart, endAt);
            for (int i = 0; i < body.length(); i++) {
                final char c = body.charAt(i);
                final boolean ok =
                        c >= 'A' && c <= 'Z'
                                || c >= 'a' && c <= 'z'
                                || c >= '0' && c <= '9'
                                || c == '+'
                                || c == '/'
                                || c == '='
                                || c == ' '
                                || c == '\t'
                                || c == '\r'
                                || c == '\n';
                if (!ok) {
                    // headers (Proc-Type ...) are not used by certificates or CRLs
                    throw new IllegalArgumentException("a PEM block that is not base64");
                }
            }
            // the MIME decoder skips the line breaks checked above
            out.add(Base64.getMimeDecoder().decode(body));
            pos = endAt + end.length();
        }
    }

    static List<X509Certificate> certificates(final String pem) {
        final List<X509Certificate> out = new ArrayList<>();
        try {
            final CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(pem, "CERTIFICATE")) {
                final X509Certificate c =
                        (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
                // bytes after the DER are refused, not ignored
                if (!Arrays.equals(c.getEncoded(), der)) {
                    throw new IllegalArgumentException("bytes after the certificate");
                }
                out.add(c);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
        return out;
    }

    static List<X509CRL> crls(final String pem) {
        final List<X509CRL> out = new ArrayList<>();
        try {
            final CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(pem, "X509 CRL")) {
                out.add((X509CRL) cf.generateCRL(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 CRL: " + e.getMessage(), e);
        }
        return out;
    }
}
