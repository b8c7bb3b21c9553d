package org.tmsct.master.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tmsct.chaincode.fabric.Refusals.assertRefused;
import static org.tmsct.master.World.anchorJson;
import static org.tmsct.master.World.entry;
import static org.tmsct.master.World.relayOf;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.master.TestOrderer;
import org.tmsct.master.World;
import org.tmsct.master.common.ErrorCodes;

/**
 * Bounded anchors: the range bound, the slave block headers and the orderer's signature. Every
 * refusal leaves no write behind.
 */
class BoundedAnchorTest {

    private static final String CHAIN = "raw-material";

    private final World w = new World().withConsortium();

    private JsonObject submit(JsonObject doc) {
        Tx tx = w.tx(relayOf(CHAIN));
        return w.commit(tx, t -> w.anchors.anchor(t, doc.toString()).response());
    }

    private void assertRefusedClean(String code, String fragment, JsonObject doc) {
        assertRefused(code, fragment, () -> w.anchors.anchor(w.tx(relayOf(CHAIN)), doc.toString()));
        assertEquals(0, w.store.pendingWrites(), "a refused anchor wrote state");
    }

    private static AnchorEntry rm(String txId, String tid) {
        return entry(txId, tid, "RAW_MATERIAL", "mine");
    }

    @Test
    void anHonestAnchorCarriesItsHeadersAndTheNextLinksToIt() {
        submit(anchorJson(CHAIN, 0, 4, List.of(rm("t1", "A-1"))));
        JsonObject state = w.trace.anchorState(CHAIN);
        assertEquals(World.blockHash(CHAIN, 4), state.get("lastBlockHash").getAsString());
        assertEquals(
                "ANCHORED", submit(anchorJson(CHAIN, 5, 7, List.of())).get("status").getAsString());
    }

    @Test
    void aRangeLargerThanTheChainsMaxRangeIsRefused() {
        assertRefusedClean(
                ErrorCodes.RANGE_TOO_LARGE,
                "covers 257 blocks, more than the chain's maxRange of 256",
                anchorJson(CHAIN, 0, 256, List.of()));
        // exactly maxRange is fine
        submit(anchorJson(CHAIN, 0, 255, List.of()));
    }

    @Test
    void theBoundIsAChainOptionChangedThroughGovernance() {
        w.commit(
                w.tx(World.admin("RawMaterialOrgMSP")),
                t -> w.chains.register(t, CHAIN, CHAIN, "RawMaterialOrgMSP", "{\"maxRange\":4}"));
        assertEquals(4, w.chains.require(CHAIN).maxRange());
        assertRefusedClean(
                ErrorCodes.RANGE_TOO_LARGE,
                "more than the chain's maxRange of 4",
                anchorJson(CHAIN, 0, 4, List.of()));
        submit(anchorJson(CHAIN, 0, 3, List.of()));
        // it may change once the chain has anchors (unlike the filter shape)
        w.commit(
                w.tx(World.admin("RawMaterialOrgMSP")),
                t -> w.chains.register(t, CHAIN, CHAIN, "RawMaterialOrgMSP", "{\"maxRange\":8}"));
        submit(anchorJson(CHAIN, 4, 11, List.of()));
    }

    @Test
    void missingHeadersAreRefused() {
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        doc.remove("headers");
        assertRefusedClean(ErrorCodes.HEADER_CHAIN_BROKEN, "carries no slave block headers", doc);
    }

    @Test
    void aHeaderCountThatDoesNotMatchTheRangeIsRefused() {
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        doc.getAsJsonArray("headers").remove(0);
        assertRefusedClean(
                ErrorCodes.HEADER_CHAIN_BROKEN, "must carry 3 slave block header(s)", doc);
    }

    @Test
    void aBrokenLinkInsideTheRangeIsRefused() {
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        BlockHeader forged =
                TestOrderer.DEFAULT.header("elsewhere", 1).toBuilder()
                        .setPreviousHash(TestOrderer.DEFAULT.header(CHAIN, 1).getPreviousHash())
                        .build();
        doc.getAsJsonArray("headers").set(1, new com.google.gson.JsonPrimitive(hex(forged)));
        assertRefusedClean(ErrorCodes.HEADER_CHAIN_BROKEN, "block 2 names", doc);
    }

    @Test
    void aHeaderOfTheWrongNumberIsRefused() {
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        doc.getAsJsonArray("headers")
                .set(
                        0,
                        new com.google.gson.JsonPrimitive(
                                hex(TestOrderer.DEFAULT.header(CHAIN, 1))));
        assertRefusedClean(ErrorCodes.HEADER_CHAIN_BROKEN, "header 0 is of block 1", doc);
    }

    @Test
    void theFirstHeaderMustLinkToThePreviousAnchor() {
        submit(anchorJson(CHAIN, 0, 2, List.of()));
        // blocks 3..4 of another chain: internally linked and signed, but not after our block 2
        JsonObject doc = anchorJson(CHAIN, 3, 4, List.of());
        World.withHeaders(doc, "elsewhere", 3, 4);
        doc.addProperty("blockHash", TestOrderer.DEFAULT.hashHex("elsewhere", 4));
        assertRefusedClean(
                ErrorCodes.HEADER_CHAIN_BROKEN,
                "but the previous anchor ended with block hash",
                doc);
    }

    @Test
    void aFirstAnchorAtBlockZeroMustStartAtAGenesisHeader() {
        BlockHeader notGenesis =
                TestOrderer.DEFAULT.header(CHAIN, 0).toBuilder()
                        .setPreviousHash(com.google.protobuf.ByteString.copyFrom(new byte[32]))
                        .build();
        JsonObject doc = anchorJson(CHAIN, 0, 0, List.of());
        doc.getAsJsonArray("headers").set(0, new com.google.gson.JsonPrimitive(hex(notGenesis)));
        doc.addProperty("ordererSignatures", Hex.encode(TestOrderer.DEFAULT.sign(notGenesis)));
        assertRefusedClean(ErrorCodes.HEADER_CHAIN_BROKEN, "block 0 of a chain has none", doc);
    }

    @Test
    void theLastHeaderMustHashToTheAnchoredBlockHash() {
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        doc.addProperty("blockHash", World.blockHash(CHAIN, 1));
        assertRefusedClean(ErrorCodes.HEADER_CHAIN_BROKEN, "not to the anchored blockHash", doc);
    }

    @Test
    void aRangeThatRunsAheadOfTheCutBlocksHasNoOrdererSignature() {
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        doc.remove("ordererSignatures");
        assertRefusedClean(ErrorCodes.ORDERER_SIGNATURE_MISSING, "no orderer signatures", doc);
        doc.addProperty("ordererSignatures", "");
        assertRefusedClean(ErrorCodes.ORDERER_SIGNATURE_MISSING, "no orderer signatures", doc);
    }

    @Test
    void aTamperedSignatureIsRefused() {
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        // signed over block 1's header, presented for block 2
        doc.addProperty(
                "ordererSignatures",
                Hex.encode(TestOrderer.DEFAULT.sign(TestOrderer.DEFAULT.header(CHAIN, 1))));
        assertRefusedClean(
                ErrorCodes.ORDERER_SIGNATURE_INVALID, "does not verify over the header", doc);
    }

    @Test
    void aSignatureByAnIdentityNoRegisteredOrdererCaIssuedIsRefused() throws Exception {
        // a "relay" that made its own CA and orderer certificate, in the orderer's MSP name
        TestOrderer impostor = new TestOrderer(TestOrderer.MSP, "orderer-ca");
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        doc.addProperty(
                "ordererSignatures",
                Hex.encode(impostor.sign(TestOrderer.DEFAULT.header(CHAIN, 2))));
        assertRefusedClean(
                ErrorCodes.ORDERER_NOT_REGISTERED, "was not issued by a registered CA", doc);
        // a certificate of another organisation (a member's own CA, say) is no orderer's
        TestOrderer member = new TestOrderer("RawMaterialOrgMSP", "rm-ca");
        doc.addProperty(
                "ordererSignatures", Hex.encode(member.sign(TestOrderer.DEFAULT.header(CHAIN, 2))));
        assertRefusedClean(
                ErrorCodes.ORDERER_NOT_REGISTERED,
                "which is not a registered orderer organisation",
                doc);
    }

    @Test
    void aCertificateOutsideItsValidityIsRefused() throws Exception {
        KeyPair keys = TestOrderer.keys();
        X509Certificate expired = expiredCert(keys, TestOrderer.DEFAULT.caKeys.getPrivate());
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        doc.addProperty(
                "ordererSignatures",
                Hex.encode(
                        TestOrderer.DEFAULT.sign(
                                TestOrderer.DEFAULT.header(CHAIN, 2), keys.getPrivate(), expired)));
        assertRefusedClean(
                ErrorCodes.ORDERER_NOT_REGISTERED, "was not valid at the transaction time", doc);
    }

    @Test
    void withoutARegisteredOrdererCaNothingIsAnchored() {
        World bare = new World();
        for (String[] o : World.ORGS) {
            bare.commit(
                    bare.tx(World.admin(o[0])),
                    t -> bare.chains.register(t, o[1], o[1], o[0], null));
        }
        bare.commit(
                bare.tx(World.admin(World.ORGS[0][0])),
                t -> bare.processes.define(t, "default", World.defaultProcess()));
        assertRefused(
                ErrorCodes.ORDERER_NOT_REGISTERED,
                "no orderer CA is registered on master",
                () ->
                        bare.anchors.anchor(
                                bare.tx(relayOf(CHAIN)),
                                anchorJson(CHAIN, 0, 1, List.of()).toString()));
    }

    @Test
    void bftSignaturesNamingAConsenterNeedItsIdentity() {
        JsonObject doc = anchorJson(CHAIN, 0, 2, List.of());
        BlockHeader last = TestOrderer.DEFAULT.header(CHAIN, 2);
        doc.addProperty(
                "ordererSignatures", Hex.encode(TestOrderer.DEFAULT.signAsConsenter(last, 3)));
        assertRefusedClean(
                ErrorCodes.ORDERER_NOT_REGISTERED, "no identity was sent for this consenter", doc);
        JsonObject ids = new JsonObject();
        ids.addProperty(
                "3",
                Hex.encode(
                        TestOrderer.DEFAULT.identity(TestOrderer.DEFAULT.orderer).toByteArray()));
        doc.add("signerIdentities", ids);
        assertEquals("ANCHORED", submit(doc).get("status").getAsString());
    }

    @Test
    void entriesMustLieInTheRangeInBlockOrder() {
        JsonObject doc = anchorJson(CHAIN, 0, 3, List.of(rm("t1", "A-1"), rm("t2", "A-2")));
        JsonArray blocks = new JsonArray();
        blocks.add(3);
        blocks.add(9);
        doc.add("entryBlocks", blocks);
        assertRefusedClean(
                ErrorCodes.ENTRY_OUTSIDE_RANGE,
                "is from block 9, outside the anchored range 0..3",
                doc);
        // a batched anchor: entries from any block of the range, in block order
        blocks.set(0, new com.google.gson.JsonPrimitive(3));
        blocks.set(1, new com.google.gson.JsonPrimitive(1));
        assertRefusedClean(ErrorCodes.BAD_REQUEST, "must list the entries in block order", doc);
        blocks.set(0, new com.google.gson.JsonPrimitive(1));
        blocks.set(1, new com.google.gson.JsonPrimitive(3));
        assertEquals("ANCHORED", submit(doc).get("status").getAsString());
    }

    private static String hex(BlockHeader h) {
        return Hex.encode(h.toByteArray());
    }

    private static X509Certificate expiredCert(KeyPair keys, java.security.PrivateKey caKey)
            throws Exception {
        org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder b =
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                        new org.bouncycastle.asn1.x500.X500Name("CN=orderer-ca"),
                        java.math.BigInteger.TEN,
                        new java.util.Date(1_262_304_000_000L),
                        new java.util.Date(1_293_840_000_000L),
                        new org.bouncycastle.asn1.x500.X500Name("CN=old-orderer"),
                        keys.getPublic());
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .getCertificate(
                        b.build(
                                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                                                "SHA256withECDSA")
                                        .build(caKey)));
    }
}
