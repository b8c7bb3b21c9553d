package org.tmsct.relay.block;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;

/**
 * Fabric's block hash: SHA-256 over the ASN.1 DER encoding of {@code SEQUENCE { number INTEGER,
 * previous_hash OCTET STRING, data_hash OCTET STRING }}, which is what the next block's {@code
 * previous_hash} holds (Fabric's protoutil.BlockHeaderBytes). Because each header names its
 * predecessor's hash, the hash of an anchored block also commits to every earlier block of the
 * slave chain.
 */
public final class BlockHeaderHash {

    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int SEQUENCE = 0x30;

    private BlockHeaderHash() {}

    public static byte[] of(final BlockHeader header) {
        return Sha256.digest(
                derBytes(
                        header.getNumber(),
                        header.getPreviousHash().toByteArray(),
                        header.getDataHash().toByteArray()));
    }

    public static String hexOf(final BlockHeader header) {
        return Hex.encode(of(header));
    }

    /** The DER bytes that are hashed (exposed for tests). */
    static byte[] derBytes(final long number, final byte[] previousHash, final byte[] dataHash) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        // Go's encoding/asn1 writes the uint64 as a minimal two's-complement INTEGER, as BigInteger
        // does.
        writeElement(body, INTEGER, new BigInteger(Long.toUnsignedString(number)).toByteArray());
        writeElement(body, OCTET_STRING, previousHash);
        writeElement(body, OCTET_STRING, dataHash);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeElement(out, SEQUENCE, body.toByteArray());
        return out.toByteArray();
    }

    private static void writeElement(
            final ByteArrayOutputStream out, final int tag, final byte[] value) {
        out.write(tag);
        writeLength(out, value.length);
        out.writeBytes(value);
    }

    /** DER definite length: short form below 128, else 0x80|n followed by n big-endian bytes. */
    private static void writeLength(final ByteArrayOutputStream out, final int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((length >>> (8 * i)) & 0xff);
        }
    }
}
