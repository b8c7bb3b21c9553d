package org.tmsct.master;

import com.google.protobuf.ByteString;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.tmsct.core.block.BlockHeaderBytes;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;

/**
 * An ordering service for unit tests: a CA, orderers whose certificates it issued, and synthetic
 * slave chains whose block n has data hash SHA-256("chain#n") and links to block n-1. It signs
 * headers the way a Fabric orderer does (metadata value || signature header || DER header).
 */
public final class TestOrderer {

    public static final String MSP = "OrdererMSP";

    /** The default orderer, shared by every World. */
    public static final TestOrderer DEFAULT = new TestOrderer(MSP, "orderer-ca");

    public final String msp;
    public final KeyPair caKeys;
    public final X509Certificate ca;
    public final KeyPair ordererKeys;
    public final X509Certificate orderer;

    private final Map<String, byte[]> hashes = new HashMap<>();

    public TestOrderer(String msp, String caName) {
        this.msp = msp;
        try {
            caKeys = keys();
            ca = cert(caName, caName, caKeys.getPublic(), caKeys.getPrivate(), true);
            ordererKeys = keys();
            orderer = cert("orderer1", caName, ordererKeys.getPublic(), caKeys.getPrivate(), false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Block {@code n}'s header on synthetic chain {@code chain}. */
    public BlockHeader header(String chain, long n) {
        return BlockHeader.newBuilder()
                .setNumber(n)
                .setPreviousHash(ByteString.copyFrom(n == 0 ? new byte[0] : hash(chain, n - 1)))
                .setDataHash(
                        ByteString.copyFrom(
                                Sha256.digest((chain + "#" + n).getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    public byte[] hash(String chain, long n) {
        String key = chain + "#" + n;
        byte[] h = hashes.get(key);
        if (h == null) {
            // iteratively, so a chain that starts at a large block does not recurse deeply
            long from = n;
            while (from > 0 && !hashes.containsKey(chain + "#" + (from - 1))) {
                from--;
            }
            for (long b = from; b <= n; b++) {
                BlockHeader header = header(chain, b);
                hashes.put(
                        chain + "#" + b,
                        BlockHeaderBytes.hash(
                                b,
                                header.getPreviousHash().toByteArray(),
                                header.getDataHash().toByteArray()));
            }
            h = hashes.get(key);
        }
        return h;
    }

    public String hashHex(String chain, long n) {
        return Hex.encode(hash(chain, n));
    }

    /** The SIGNATURES metadata of {@code header}, signed by this orderer. */
    public byte[] sign(BlockHeader header) {
        return sign(header, ordererKeys.getPrivate(), orderer);
    }

    /** Signed with {@code key}, naming {@code cert} as the signer. */
    public byte[] sign(BlockHeader header, PrivateKey key, X509Certificate cert) {
        byte[] signatureHeader =
                SignatureHeader.newBuilder()
                        .setCreator(identity(cert).toByteString())
                        .setNonce(ByteString.copyFromUtf8("nonce"))
                        .build()
                        .toByteArray();
        return metadata(
                header,
                "orderer-block-metadata",
                key,
                signatureHeader,
                MetadataSignature.newBuilder()
                        .setSignatureHeader(ByteString.copyFrom(signatureHeader)));
    }

    /** A BFT-style signature that names consenter {@code id} instead of carrying the signer. */
    public byte[] signAsConsenter(BlockHeader header, int id) {
        byte[] identifierHeader =
                IdentifierHeader.newBuilder().setIdentifier(id).build().toByteArray();
        return metadata(
                header,
                "bft-metadata",
                ordererKeys.getPrivate(),
                identifierHeader,
                MetadataSignature.newBuilder()
                        .setIdentifierHeader(ByteString.copyFrom(identifierHeader)));
    }

    /**
     * SIGNATURES metadata with one signature, as Fabric signs it: over the metadata value, then the
     * signature or identifier header, then the header's DER bytes.
     */
    private byte[] metadata(
            BlockHeader header,
            String value,
            PrivateKey key,
            byte[] signedHeader,
            MetadataSignature.Builder signatureWithHeader) {
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] signature =
                signRaw(
                        key,
                        concat(
                                valueBytes,
                                signedHeader,
                                BlockHeaderBytes.der(
                                        header.getNumber(),
                                        header.getPreviousHash().toByteArray(),
                                        header.getDataHash().toByteArray())));
        return Metadata.newBuilder()
                .setValue(ByteString.copyFrom(valueBytes))
                .addSignatures(signatureWithHeader.setSignature(ByteString.copyFrom(signature)))
                .build()
                .toByteArray();
    }

    public SerializedIdentity identity(X509Certificate cert) {
        return SerializedIdentity.newBuilder()
                .setMspid(msp)
                .setIdBytes(ByteString.copyFromUtf8(pem(cert)))
                .build();
    }

    public String caPem() {
        return pem(ca);
    }

    public static String pem(X509Certificate cert) {
        try {
            StringWriter w = new StringWriter();
            w.write("-----BEGIN CERTIFICATE-----\n");
            w.write(
                    Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(cert.getEncoded()));
            w.write("\n-----END CERTIFICATE-----\n");
            return w.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** A certificate valid 2020-2040 (the unit tests' transactions are in 2023). */
    public static X509Certificate cert(
            String subject,
            String issuer,
            java.security.PublicKey key,
            PrivateKey issuerKey,
            boolean isCa)
            throws Exception {
        JcaX509v3CertificateBuilder b =
                new JcaX509v3CertificateBuilder(
                        new X500Name("CN=" + issuer),
                        BigInteger.valueOf(System.nanoTime()),
                        new Date(1_577_836_800_000L),
                        new Date(2_208_988_800_000L),
                        new X500Name("CN=" + subject),
                        key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        return new JcaX509CertificateConverter()
                .getCertificate(
                        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static byte[] signRaw(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
