package org.tmsct.relay.block;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * What a BFT orderer's block signature leaves out. A SmartBFT consenter signs a block with an
 * IdentifierHeader that names only its consenter id; its identity is in the channel configuration
 * (the Orderer group's "Orderers" value). Master needs that identity to check the signature against
 * the registered orderer CA, so the relay looks it up in the channel's last config block.
 */
public final class ConsenterIdentities {

    private static final String ORDERER_GROUP = "Orderer";
    private static final String ORDERERS_VALUE = "Orderers";

    private ConsenterIdentities() {}

    /** The consenter ids of the signatures in SIGNATURES metadata that carry no identity. */
    public static Set<Long> unnamedSigners(byte[] signaturesMetadata) {
        Set<Long> ids = new TreeSet<>();
        if (signaturesMetadata.length == 0) {
            return ids;
        }
        Metadata metadata = parse(signaturesMetadata);
        for (MetadataSignature s : metadata.getSignaturesList()) {
            if (s.getSignatureHeader().isEmpty() && !s.getIdentifierHeader().isEmpty()) {
                try {
                    ids.add(
                            Integer.toUnsignedLong(
                                    IdentifierHeader.parseFrom(s.getIdentifierHeader())
                                            .getIdentifier()));
                } catch (InvalidProtocolBufferException e) {
                    throw new BlockFormatException(
                            "an orderer signature's identifier header cannot be read", e);
                }
            }
        }
        return ids;
    }

    /** The number of the config block in force for a block with these SIGNATURES metadata. */
    public static long lastConfigIndex(byte[] signaturesMetadata) {
        try {
            return OrdererBlockMetadata.parseFrom(parse(signaturesMetadata).getValue())
                    .getLastConfig()
                    .getIndex();
        } catch (InvalidProtocolBufferException e) {
            throw new BlockFormatException(
                    "the orderer block metadata (last config) cannot be read", e);
        }
    }

    /**
     * Each consenter's serialized identity (an msp.SerializedIdentity of its MSP id and certificate
     * PEM), by consenter id, from a config block; empty when the orderers are not BFT consenters.
     */
    public static Map<Long, byte[]> fromConfigBlock(Block block) {
        long number = block.getHeader().getNumber();
        if (block.getData().getDataCount() != 1) {
            throw new BlockFormatException("block " + number + " is not a config block");
        }
        try {
            Payload payload =
                    Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.CONFIG_VALUE) {
                throw new BlockFormatException("block " + number + " is not a config block");
            }
            ConfigGroup orderer =
                    ConfigEnvelope.parseFrom(payload.getData())
                            .getConfig()
                            .getChannelGroup()
                            .getGroupsMap()
                            .get(ORDERER_GROUP);
            Map<Long, byte[]> identities = new TreeMap<>();
            ConfigValue value = orderer == null ? null : orderer.getValuesMap().get(ORDERERS_VALUE);
            if (value == null) {
                return identities;
            }
            for (Consenter c : Orderers.parseFrom(value.getValue()).getConsenterMappingList()) {
                identities.put(
                        Integer.toUnsignedLong(c.getId()),
                        SerializedIdentity.newBuilder()
                                .setMspid(c.getMspId())
                                .setIdBytes(ByteString.copyFrom(c.getIdentity().toByteArray()))
                                .build()
                                .toByteArray());
            }
            return identities;
        } catch (InvalidProtocolBufferException e) {
            throw new BlockFormatException(
                    "config block " + number + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Metadata parse(byte[] signaturesMetadata) {
        try {
            return Metadata.parseFrom(signaturesMetadata);
        } catch (InvalidProtocolBufferException e) {
            throw new BlockFormatException("the orderer signatures cannot be read", e);
        }
    }
}
