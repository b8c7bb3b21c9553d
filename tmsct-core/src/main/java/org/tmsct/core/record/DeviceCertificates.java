package org.tmsct.core.record;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What both contracts check of a device certificate: that one of the organisation's device CAs
 * issued it, and the device id it names (its CN, the CA's enrolment id).
 */
public final class DeviceCertificates {

    /** OID of ecdsa-with-SHA256, the signature Fabric CA puts on the certificates it issues. */
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

    private DeviceCertificates() {}

    /** Reads one PEM certificate. */
    public static X509Certificate parse(String pem) throws GeneralSecurityException {
        if (!DeviceSignature.holdsCertificate(pem)) {
            throw new GeneralSecurityException("not a PEM certificate");
        }
        return (X509Certificate)
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(
                                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether one of {@code roots} issued {@code cert}. */
    public static boolean issuedByOneOf(X509Certificate cert, List<X509Certificate> roots) {
        for (X509Certificate root : roots) {
            if (!root.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                continue;
            }
            if (signedBy(cert, root)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code root}'s key signed {@code cert}. An ECDSA P-256 signature is checked with
     * {@link DeviceSignature#verify} (about ten times faster than the JDK, and every endorser
     * checks every entry's certificate); any other algorithm by the JDK.
     */
    private static boolean signedBy(X509Certificate cert, X509Certificate root) {
        try {
            if (ECDSA_WITH_SHA256.equals(cert.getSigAlgOID())
                    && root.getPublicKey() instanceof ECPublicKey key
                    && key.getParams().getCurve().getField().getFieldSize() == 256) {
                return DeviceSignature.verify(key, cert.getTBSCertificate(), cert.getSignature());
            }
            cert.verify(root.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // not this root's signature
        }
    }

    /** The certificate's CN, or null. */
    public static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
