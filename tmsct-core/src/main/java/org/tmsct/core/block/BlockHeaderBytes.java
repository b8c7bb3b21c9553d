package org.tmsct.core.block;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;

/**
 * The bytes of a Fabric block header that the next block's {@code previous_hash} hashes and that
 * the orderer signs: the ASN.1 DER encoding of {@code SEQUENCE { number INTEGER, previous_hash
 * OCTET STRING, data_hash OCTET STRING }} (Fabric's protoutil.BlockHeaderBytes). Plain bytes, no
 * Fabric types, so the relay and the master contract compute them the same way.
 */
public final class BlockHeaderBytes {

    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int SEQUENCE = 0x30;

    private BlockHeaderBytes() {}

    /** The DER bytes of the header. */
    public static byte[] der(final long number, final byte[] previousHash, final byte[] dataHash) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        // Go's encoding/asn1 writes the uint64 (a big.Int) as a minimal two's-complement INTEGER,
        // as BigInteger does.
        writeElement(body, INTEGER, new BigInteger(Long.toUnsignedString(number)).toByteArray());
        writeElement(body, OCTET_STRING, previousHash);
        writeElement(body, OCTET_STRING, dataHash);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeElement(out, SEQUENCE, body.toByteArray());
        return out.toByteArray();
    }

    /** The block hash: SHA-256 of {@link #der}. */
    public static byte[] hash(final long number, final byte[] previousHash, final byte[] dataHash) {
        return Sha256.digest(der(number, previousHash, dataHash));
    }

    public static String hashHex(
            final long number, final byte[] previousHash, final byte[] dataHash) {
        return Hex.encode(hash(number, previousHash, dataHash));
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
