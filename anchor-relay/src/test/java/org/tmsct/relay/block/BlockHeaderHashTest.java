package org.tmsct.relay.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.Test;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.hash.Sha256;

class BlockHeaderHashTest {

    @Test
    void encodesTheHeaderAsADerSequence() {
        byte[] prev = new byte[32];
        Arrays.fill(prev, (byte) 0x11);
        byte[] data = new byte[32];
        Arrays.fill(data, (byte) 0x22);
        byte[] der = BlockHeaderHash.derBytes(5, prev, data);
        // 30 47 | 02 01 05 | 04 20 <prev> | 04 20 <data>
        assertEquals("3047020105", Hex.encode(Arrays.copyOf(der, 5)));
        assertEquals("0420", Hex.encode(Arrays.copyOfRange(der, 5, 7)));
        assertArrayEquals(prev, Arrays.copyOfRange(der, 7, 39));
        assertEquals("0420", Hex.encode(Arrays.copyOfRange(der, 39, 41)));
        assertArrayEquals(data, Arrays.copyOfRange(der, 41, 73));
        assertEquals(73, der.length);
    }

    @Test
    void genesisHeaderHasAnEmptyPreviousHash() {
        byte[] der = BlockHeaderHash.derBytes(0, new byte[0], new byte[32]);
        // 3 (INTEGER 0) + 2 (empty OCTET STRING) + 34 (32-byte OCTET STRING) = 39 = 0x27
        assertEquals("3027" + "020100" + "0400" + "0420", Hex.encode(Arrays.copyOf(der, 9)));
    }

    @Test
    void integersAreMinimalTwosComplement() {
        // 128 needs a leading zero byte, 255 too, 256 is two bytes.
        assertEquals(
                "02020080",
                Hex.encode(
                        Arrays.copyOfRange(
                                BlockHeaderHash.derBytes(128, new byte[0], new byte[0]), 2, 6)));
        assertEquals(
                "020200ff",
                Hex.encode(
                        Arrays.copyOfRange(
                                BlockHeaderHash.derBytes(255, new byte[0], new byte[0]), 2, 6)));
        assertEquals(
                "02020100",
                Hex.encode(
                        Arrays.copyOfRange(
                                BlockHeaderHash.derBytes(256, new byte[0], new byte[0]), 2, 6)));
    }

    @Test
    void longContentUsesTheLongLengthForm() {
        byte[] der = BlockHeaderHash.derBytes(1, new byte[200], new byte[0]);
        // SEQUENCE of 3 + 203 + 2 = 208 bytes -> 30 81 d0; the OCTET STRING of 200 -> 04 81 c8
        assertEquals("3081d0", Hex.encode(Arrays.copyOf(der, 3)));
        assertEquals("0481c8", Hex.encode(Arrays.copyOfRange(der, 6, 9)));
    }

    @Test
    void hashIsSha256OfTheDerBytes() {
        BlockHeader header =
                BlockHeader.newBuilder()
                        .setNumber(7)
                        .setPreviousHash(ByteString.copyFrom(new byte[32]))
                        .setDataHash(ByteString.copyFrom(new byte[] {1, 2, 3}))
                        .build();
        assertEquals(
                Sha256.hex(BlockHeaderHash.derBytes(7, new byte[32], new byte[] {1, 2, 3})),
                BlockHeaderHash.hexOf(header));
    }
}
