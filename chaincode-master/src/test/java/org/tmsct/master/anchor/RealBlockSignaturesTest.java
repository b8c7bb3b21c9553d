package org.tmsct.master.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.junit.jupiter.api.Test;
import org.tmsct.core.block.BlockHeaderBytes;
import org.tmsct.core.hash.Hex;
import org.tmsct.master.common.ErrorCodes;

/**
 * Real Fabric 3.1.1 blocks of raw-material (one Raft orderer): master's header-chain and
 * orderer-signature checks accept them with the orderer CA from the channel's own genesis block,
 * and refuse them once any byte that the orderer signed is changed.
 */
class RealBlockSignaturesTest {

    /** When the blocks were cut (block 6's first transaction), while the certificates are valid. */
    private static final long AT = cutAt();

    private static long cutAt() {
        try {
            Payload p =
                    Payload.parseFrom(
                            Envelope.parseFrom(block(6).getData().getData(0)).getPayload());
            return ChannelHeader.parseFrom(p.getHeader().getChannelHeader())
                            .getTimestamp()
                            .getSeconds()
                    * 1000L;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Block block(long n) throws IOException {
        try (InputStream in =
                RealBlockSignaturesTest.class.getResourceAsStream(
                        "/test-vectors/blocks/raw-material-block-" + n + ".pb")) {
            return Block.parseFrom(in);
        }
    }

    /** The orderer organisations' root CAs, read from the config in the genesis block. */
    private static Map<String, List<X509Certificate>> ordererCas() throws Exception {
        Envelope env = Envelope.parseFrom(block(0).getData().getData(0));
        ConfigEnvelope config =
                ConfigEnvelope.parseFrom(Payload.parseFrom(env.getPayload()).getData());
        ConfigGroup orderer = config.getConfig().getChannelGroup().getGroupsMap().get("Orderer");
        Map<String, List<X509Certificate>> out = new java.util.TreeMap<>();
        for (ConfigGroup org : orderer.getGroupsMap().values()) {
            FabricMSPConfig msp =
                    FabricMSPConfig.parseFrom(
                            MSPConfig.parseFrom(org.getValuesMap().get("MSP").getValue())
                                    .getConfig());
            List<X509Certificate> certs = new ArrayList<>();
            for (ByteString pem : msp.getRootCertsList()) {
                certs.add(
                        (X509Certificate)
                                CertificateFactory.getInstance("X.509")
                                        .generateCertificate(
                                                new ByteArrayInputStream(pem.toByteArray())));
            }
            out.put(msp.getName(), certs);
        }
        return out;
    }

    private static byte[] signatures(Block b) {
        return b.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE).toByteArray();
    }

    private static SlaveHeaders.Header header(Block b) {
        var h = b.getHeader();
        return new SlaveHeaders.Header(
                h.getNumber(),
                h.getPreviousHash().toByteArray(),
                h.getDataHash().toByteArray(),
                BlockHeaderBytes.hashHex(
                        h.getNumber(),
                        h.getPreviousHash().toByteArray(),
                        h.getDataHash().toByteArray()));
    }

    @Test
    void theBlocksAreSignedByTheRaftOrdererOfOrdererMsp() throws Exception {
        Metadata md = Metadata.parseFrom(signatures(block(6)));
        assertEquals(1, md.getSignaturesCount());
        SerializedIdentity signer =
                SerializedIdentity.parseFrom(
                        SignatureHeader.parseFrom(md.getSignatures(0).getSignatureHeader())
                                .getCreator());
        assertEquals("OrdererMSP", signer.getMspid());
        assertTrue(signer.getIdBytes().toStringUtf8().contains("BEGIN CERTIFICATE"));
        assertTrue(ordererCas().containsKey("OrdererMSP"), ordererCas().keySet().toString());
    }

    @Test
    void realHeadersLinkAndTheirSignaturesVerifyWithTheGenesisOrdererCa() throws Exception {
        Map<String, List<X509Certificate>> cas = ordererCas();
        for (long n : new long[] {1, 5, 6}) {
            SlaveHeaders.checkSignature(
                    "raw-material", header(block(n)), signatures(block(n)), Map.of(), cas, AT);
        }
        List<byte[]> headers =
                List.of(block(5).getHeader().toByteArray(), block(6).getHeader().toByteArray());
        List<SlaveHeaders.Header> chain =
                SlaveHeaders.checkChain(
                        "raw-material", 5, 6, headers, null, header(block(6)).hashHex());
        assertEquals(2, chain.size());
        // block 1 links to the genesis block, which names no predecessor
        SlaveHeaders.checkChain(
                "raw-material",
                0,
                1,
                List.of(block(0).getHeader().toByteArray(), block(1).getHeader().toByteArray()),
                "",
                header(block(1)).hashHex());
    }

    @Test
    void anyChangeToWhatTheOrdererSignedIsRefused() throws Exception {
        Map<String, List<X509Certificate>> cas = ordererCas();
        Block b = block(6);
        // the header: another data hash
        SlaveHeaders.Header h = header(b);
        byte[] data = h.dataHash().clone();
        data[0] ^= 1;
        SlaveHeaders.Header forged =
                new SlaveHeaders.Header(
                        h.number(),
                        h.previousHash(),
                        data,
                        BlockHeaderBytes.hashHex(h.number(), h.previousHash(), data));
        assertRefused(
                ErrorCodes.ORDERER_SIGNATURE_INVALID,
                "does not verify over the header",
                () ->
                        SlaveHeaders.checkSignature(
                                "raw-material", forged, signatures(b), Map.of(), cas, AT));
        // the metadata value
        Metadata md = Metadata.parseFrom(signatures(b));
        byte[] value = md.getValue().toByteArray();
        value[value.length - 1] ^= 1;
        byte[] tamperedValue =
                md.toBuilder().setValue(ByteString.copyFrom(value)).build().toByteArray();
        assertRefused(
                ErrorCodes.ORDERER_SIGNATURE_INVALID,
                "does not verify",
                () ->
                        SlaveHeaders.checkSignature(
                                "raw-material", h, tamperedValue, Map.of(), cas, AT));
        // the signature itself
        MetadataSignature s = md.getSignatures(0);
        byte[] sig = s.getSignature().toByteArray();
        sig[sig.length - 1] ^= 1;
        byte[] tamperedSig =
                md.toBuilder()
                        .setSignatures(0, s.toBuilder().setSignature(ByteString.copyFrom(sig)))
                        .build()
                        .toByteArray();
        assertRefused(
                ErrorCodes.ORDERER_SIGNATURE_INVALID,
                "does not verify",
                () ->
                        SlaveHeaders.checkSignature(
                                "raw-material", h, tamperedSig, Map.of(), cas, AT));
        // another block's signature
        assertRefused(
                ErrorCodes.ORDERER_SIGNATURE_INVALID,
                "does not verify",
                () ->
                        SlaveHeaders.checkSignature(
                                "raw-material", h, signatures(block(5)), Map.of(), cas, AT));
        // a registered CA set that does not hold the orderer's issuer
        assertRefused(
                ErrorCodes.ORDERER_NOT_REGISTERED,
                "which is not a registered orderer organisation",
                () ->
                        SlaveHeaders.checkSignature(
                                "raw-material",
                                h,
                                signatures(b),
                                Map.of(),
                                Map.of("OtherOrdererMSP", cas.get("OrdererMSP")),
                                AT));
        // the headers of 5 and 6 out of order do not link
        assertRefused(
                ErrorCodes.HEADER_CHAIN_BROKEN,
                "header 0 is of block 6",
                () ->
                        SlaveHeaders.checkChain(
                                "raw-material",
                                5,
                                6,
                                List.of(
                                        b.getHeader().toByteArray(),
                                        block(5).getHeader().toByteArray()),
                                null,
                                Hex.encode(new byte[32])));
    }
}
