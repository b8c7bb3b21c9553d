package org.tmsct.network;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A forger's certificate: a real one's subject, issuer and dates on a key no CA certified. */
final class SelfSigned {

    private SelfSigned() {}

    static String copyOf(final String realPem, final KeyPair key) throws Exception {
        X509CertificateHolder real;
        try (PEMParser parser = new PEMParser(new StringReader(realPem))) {
            real = (X509CertificateHolder) parser.readObject();
        }
        X500Name issuer = real.getIssuer();
        X509Certificate forged =
                new JcaX509CertificateConverter()
                        .getCertificate(
                                new JcaX509v3CertificateBuilder(
                                                issuer,
                                                real.getSerialNumber().add(BigInteger.ONE),
                                                real.getNotBefore(),
                                                real.getNotAfter(),
                                                real.getSubject(),
                                                key.getPublic())
                                        .build(
                                                new JcaContentSignerBuilder("SHA256withECDSA")
                                                        .build(key.getPrivate())));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(forged);
        }
        return out.toString();
    }
}
