package org.tmsct.relay.block;

import org.hyperledger.fabric.protos.common.BlockHeader;
import org.tmsct.core.block.BlockHeaderBytes;
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
        return BlockHeaderBytes.der(number, previousHash, dataHash);
    }
}
