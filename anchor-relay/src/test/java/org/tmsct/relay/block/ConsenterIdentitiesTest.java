package org.tmsct.relay.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.junit.jupiter.api.Test;

/** SmartBFT signatures name a consenter id; its identity comes from the config block in force. */
class ConsenterIdentitiesTest {

    private static byte[] signatures(long lastConfig, MetadataSignature... sigs) {
        return Metadata.newBuilder()
                .setValue(
                        OrdererBlockMetadata.newBuilder()
                                .setLastConfig(LastConfig.newBuilder().setIndex(lastConfig))
                                .build()
                                .toByteString())
                .addAllSignatures(java.util.List.of(sigs))
                .build()
                .toByteArray();
    }

    private static MetadataSignature byId(int id) {
        return MetadataSignature.newBuilder()
                .setIdentifierHeader(
                        IdentifierHeader.newBuilder().setIdentifier(id).build().toByteString())
                .setSignature(ByteString.copyFromUtf8("sig"))
                .build();
    }

    private static MetadataSignature byCreator() {
        return MetadataSignature.newBuilder()
                .setSignatureHeader(
                        SignatureHeader.newBuilder()
                                .setCreator(ByteString.copyFromUtf8("raft orderer"))
                                .build()
                                .toByteString())
                .setSignature(ByteString.copyFromUtf8("sig"))
                .build();
    }

    private static Block configBlock(long number, Consenter... consenters) {
        ConfigGroup orderer =
                ConfigGroup.newBuilder()
                        .putValues(
                                "Orderers",
                                ConfigValue.newBuilder()
                                        .setValue(
                                                Orderers.newBuilder()
                                                        .addAllConsenterMapping(
                                                                java.util.List.of(consenters))
                                                        .build()
                                                        .toByteString())
                                        .build())
                        .build();
        Payload payload =
                Payload.newBuilder()
                        .setHeader(
                                Header.newBuilder()
                                        .setChannelHeader(
                                                ChannelHeader.newBuilder()
                                                        .setType(HeaderType.CONFIG_VALUE)
                                                        .build()
                                                        .toByteString()))
                        .setData(
                                ConfigEnvelope.newBuilder()
                                        .setConfig(
                                                Config.newBuilder()
                                                        .setChannelGroup(
                                                                ConfigGroup.newBuilder()
                                                                        .putGroups(
                                                                                "Orderer",
                                                                                orderer)))
                                        .build()
                                        .toByteString())
                        .build();
        return Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(number))
                .setData(
                        BlockData.newBuilder()
                                .addData(
                                        Envelope.newBuilder()
                                                .setPayload(payload.toByteString())
                                                .build()
                                                .toByteString()))
                .build();
    }

    private static Consenter consenter(int id, String msp, String pem) {
        return Consenter.newBuilder()
                .setId(id)
                .setMspId(msp)
                .setIdentity(ByteString.copyFrom(pem, StandardCharsets.UTF_8))
                .build();
    }

    @Test
    void identifierSignaturesAreUnnamedAndCreatorSignaturesAreNot() {
        assertEquals(
                Set.of(2L, 4L),
                ConsenterIdentities.unnamedSigners(signatures(7, byId(2), byId(4))));
        assertTrue(ConsenterIdentities.unnamedSigners(signatures(0, byCreator())).isEmpty());
        assertTrue(ConsenterIdentities.unnamedSigners(new byte[0]).isEmpty());
        assertEquals(7, ConsenterIdentities.lastConfigIndex(signatures(7, byId(2))));
    }

    @Test
    void theConfigBlockGivesEachConsentersSerializedIdentity() throws Exception {
        Map<Long, byte[]> ids =
                ConsenterIdentities.fromConfigBlock(
                        configBlock(
                                3,
                                consenter(1, "OrdererMSP", "PEM-1"),
                                consenter(2, "OrdererMSP", "PEM-2")));
        assertEquals(Set.of(1L, 2L), ids.keySet());
        SerializedIdentity two = SerializedIdentity.parseFrom(ids.get(2L));
        assertEquals("OrdererMSP", two.getMspid());
        assertArrayEquals("PEM-2".getBytes(StandardCharsets.UTF_8), two.getIdBytes().toByteArray());
    }

    @Test
    void aBlockThatIsNotAConfigBlockIsRefused() {
        Block notConfig =
                Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(9)).build();
        assertThrows(
                BlockFormatException.class, () -> ConsenterIdentities.fromConfigBlock(notConfig));
        assertThrows(
                BlockFormatException.class,
                () -> ConsenterIdentities.unnamedSigners(new byte[] {(byte) 0xff, 0x01}));
    }
}
