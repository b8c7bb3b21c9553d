package org.tmsct.gateway.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.hyperledger.fabric.client.identity.Signers;
import org.junit.jupiter.api.Test;
import org.tmsct.core.record.DeviceSignature;

class FabricCaClientTest {

    private static final BigInteger HALF_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)
                    .shiftRight(1);

    @Test
    void tokenIsTheCertificateAndALowSSignatureOverMethodPathBodyAndCertificate() throws Exception {
        KeyPair pair = DeviceSignature.generateKeyPair();
        String certPem =
                "-----BEGIN CERTIFICATE-----\nnot parsed here\n-----END CERTIFICATE-----\n";
        var registrar =
                new FabricCaClient.Registrar(
                        certPem, Signers.newPrivateKeySigner(pair.getPrivate()));
        byte[] body = "{\"id\":\"alice\"}".getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getEncoder();
        for (int i = 0; i < 20; i++) { // both halves of S come up in 20 signatures
            String token = FabricCaClient.token(registrar, "POST", "/api/v1/register", body);
            String[] parts = token.split("\\.");
            assertEquals(2, parts.length);
            assertEquals(b64.encodeToString(certPem.getBytes(StandardCharsets.UTF_8)), parts[0]);
            String payload =
                    "POST."
                            + b64.encodeToString(
                                    "/api/v1/register".getBytes(StandardCharsets.UTF_8))
                            + "."
                            + b64.encodeToString(body)
                            + "."
                            + parts[0];
            byte[] sig = Base64.getDecoder().decode(parts[1]);
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(pair.getPublic());
            verifier.update(payload.getBytes(StandardCharsets.UTF_8));
            assertTrue(verifier.verify(sig), "signature over the token payload");
            BigInteger s = ((ASN1Integer) ASN1Sequence.getInstance(sig).getObjectAt(1)).getValue();
            assertTrue(s.compareTo(HALF_ORDER) <= 0, "Fabric CA refuses a high S");

            verifier.initVerify(pair.getPublic());
            String otherPath =
                    b64.encodeToString("/api/v1/revoke".getBytes(StandardCharsets.UTF_8));
            verifier.update(
                    payload.replace(
                                    b64.encodeToString(
                                            "/api/v1/register".getBytes(StandardCharsets.UTF_8)),
                                    otherPath)
                            .getBytes(StandardCharsets.UTF_8));
            assertFalse(verifier.verify(sig), "the path is signed");
        }
    }

    @Test
    void csrIsSignedByTheKeyItCarriesAndNamesTheId() throws Exception {
        KeyPair pair = DeviceSignature.generateKeyPair();
        String pem = OrgCa.csr("rawmaterial.tmsct.local", "sensor-7", pair);
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new java.io.StringReader(pem))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        assertEquals("O=rawmaterial.tmsct.local,CN=sensor-7", csr.getSubject().toString());
        assertEquals(pair.getPublic(), new JcaPKCS10CertificationRequest(csr).getPublicKey());
        assertTrue(
                csr.isSignatureValid(
                        new JcaContentVerifierProviderBuilder().build(pair.getPublic())));
        assertFalse(pem.contains("PRIVATE"));
    }
}
