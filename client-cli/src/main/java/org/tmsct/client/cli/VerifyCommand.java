package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tmsct.client.offchain.OffchainRecord;
import org.tmsct.client.offchain.OffchainStore;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.RawRecord;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Checks a product's trace end to end. On chain: each master entry has a Merkle inclusion proof
 * against its anchored block root. Off chain: where this organisation holds the raw record, its
 * hash must equal Hash(D) on master and on the organisation's slave channel; for its own entries it
 * must hold the raw record at all.
 */
@Command(
        name = "verify",
        aliases = "prove",
        mixinStandardHelpOptions = true,
        description = {
            "Prove every entry of a trace: Merkle proof against the anchored root on master, and, for the entries "
                    + "this organisation holds raw data for, the re-hashed off-chain record against Hash(D) on the slave channel and on master.",
            "Prints VERIFIED, TAMPERED, or MISSING (this organisation's own entry has no raw record"
                    + " off chain) per entry; exits 1 if any entry is not VERIFIED."
        })
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Parameters(index = "0", description = "Trace code (TID).")
    String tid;

    @Option(
            names = "--upstream",
            description =
                    "Verify the whole genealogy: the product and every lot it was made of, recursively.")
    boolean upstream;

    @Mixin GenealogyOptions bounds;

    @Override
    public Integer call() throws Exception {
        int failures = 0;
        int lots = 1;
        try (FabricSession session = root.connect();
                OffchainStore store = root.openOffchain()) {
            failures += verifyTrace(session, store, tid);
            if (upstream) {
                for (JsonElement el :
                        bounds.walk(session, "Upstream", tid).getAsJsonArray("lots")) {
                    JsonObject lot = el.getAsJsonObject();
                    if (lot.get("known").getAsBoolean()) {
                        String id = lot.get("tid").getAsString();
                        System.out.println(
                                "-- "
                                        + id
                                        + " ("
                                        + GenealogyOptions.relation("upstream", lot.get("relation"))
                                        + " "
                                        + lot.get("via").getAsString()
                                        + ")");
                        failures += verifyTrace(session, store, id);
                        lots++;
                    }
                }
            }
        }
        if (failures > 0) {
            System.err.println(
                    "error: "
                            + failures
                            + " entr"
                            + (failures == 1 ? "y" : "ies")
                            + " of "
                            + tid
                            + (upstream ? " and the " + (lots - 1) + " lots it was made of" : "")
                            + " failed verification (TAMPERED or MISSING)");
        } else if (upstream) {
            System.out.println(lots + " lots verified");
        }
        return failures == 0 ? 0 : TmsctCli.EXIT_FAILED;
    }

    /** Verifies every entry of one trace code; the number that failed. */
    private static int verifyTrace(
            final FabricSession session, final OffchainStore store, final String tid)
            throws Exception {
        int failures = 0;
        {
            JsonObject trace =
                    Output.json(session.masterContract().evaluateTransaction("Trace", tid))
                            .getAsJsonObject();
            for (JsonElement el : trace.getAsJsonArray("entries")) {
                JsonObject e = el.getAsJsonObject();
                String chain = e.get("slaveChainId").getAsString();
                String txId = e.get("slaveTxId").getAsString();
                String masterHash = e.get("dataHash").getAsString();
                StringBuilder why = new StringBuilder();
                List<String> details = List.of();

                JsonObject p =
                        Output.json(
                                        session.masterContract()
                                                .evaluateTransaction(
                                                        "Proof",
                                                        chain,
                                                        Long.toString(
                                                                e.get("slaveBlockNumber")
                                                                        .getAsLong()),
                                                        txId))
                                .getAsJsonObject();
                AnchorEntry anchored = AnchorEntry.fromJson(p.getAsJsonObject("entry"));
                boolean inBlock =
                        BlockSummary.verify(
                                anchored,
                                MerkleProof.fromJson(p.getAsJsonObject("proof")),
                                Hex.decode(p.get("merkleRoot").getAsString()));
                if (!inBlock) {
                    why.append(" Merkle proof does not reach the anchored root;");
                }
                if (!anchored.dataHash().equals(masterHash) || !anchored.tid().equals(tid)) {
                    why.append(" trace entry differs from the anchored leaf;");
                }

                Optional<OffchainRecord> raw = store.findByTxId(txId);
                boolean own = chain.equals(session.org().slaveChannel());
                String label;
                if (raw.isPresent()) {
                    String rehash = rehash(raw.get().rawJson(), raw.get().salts());
                    if (!masterHash.equals(rehash)) {
                        why.append(" off-chain raw record hashes to ")
                                .append(rehash == null ? "(unparseable)" : rehash)
                                .append(", master holds ")
                                .append(masterHash)
                                .append(';');
                    }
                    if (own) {
                        JsonObject slaveRecord =
                                Output.json(
                                                session.slaveContract()
                                                        .evaluateTransaction("GetRecord", txId))
                                        .getAsJsonObject();
                        if (!slaveRecord.get("dataHash").getAsString().equals(rehash)) {
                            why.append(" slave channel holds ")
                                    .append(slaveRecord.get("dataHash").getAsString())
                                    .append(';');
                        }
                    }
                    label = "raw data + on-chain";
                    if (own) {
                        details = attestationLines(session, txId, masterHash, anchored, why);
                    }
                } else if (own) {
                    label =
                            "on-chain only: the raw record of this organisation's own entry is gone";
                } else {
                    label = "on-chain only: " + session.org().org() + " holds no raw data for it";
                }
                Verdict verdict = verdict(why.length() == 0, own, raw.isPresent());
                failures += verdict == Verdict.VERIFIED ? 0 : 1;
                System.out.printf(
                        "%-9s %-13s block %d of %-13s tx %s (%s)%s%n",
                        verdict,
                        e.get("stage").getAsString(),
                        e.get("slaveBlockNumber").getAsLong(),
                        chain,
                        txId,
                        label,
                        why.length() == 0 ? "" : ":" + why);
                details.forEach(d -> System.out.println("          " + d));
            }
        }
        return failures;
    }

    /**
     * For an entry of the organisation's own slave channel: the device's signed commitment and each
     * disclosed shared field checked against it and against master (empty for another's entry).
     */
    private static List<String> attestationLines(
            final FabricSession session,
            final String txId,
            final String masterHash,
            final AnchorEntry anchored,
            final StringBuilder why) {
        JsonObject attestation;
        try {
            attestation =
                    Output.json(session.slaveContract().evaluateTransaction("GetAttestation", txId))
                            .getAsJsonObject();
        } catch (Exception e) {
            return List.of("(no attestation on the slave channel: " + e.getMessage() + ")");
        }
        List<String> lines = AttestationCheck.check(attestation, masterHash, anchored.keyData());
        for (String l : lines) {
            if (l.startsWith("!")) {
                why.append(' ').append(l.substring(2)).append(';');
            }
        }
        return lines;
    }

    /** The outcome for one entry. */
    enum Verdict {
        VERIFIED,
        TAMPERED,
        /** The organisation's own entry, whose raw record it should hold, has none off chain. */
        MISSING
    }

    /**
     * An entry of the organisation's own slave channel was stored from its own off-chain row, so a
     * missing row is a loss to report, not an entry to pass on the on-chain checks alone.
     */
    static Verdict verdict(final boolean checksPass, final boolean ownEntry, final boolean hasRaw) {
        if (!checksPass) {
            return Verdict.TAMPERED;
        }
        return ownEntry && !hasRaw ? Verdict.MISSING : Verdict.VERIFIED;
    }

    /**
     * Hash(D) rebuilt from the stored raw record: the root of its field commitment with the stored
     * salts (the unsalted hash for rows stored before commitments); null if it cannot be rebuilt.
     */
    static String rehash(final String rawJson, final String salts) {
        try {
            RawRecord record = RawRecord.parse(rawJson);
            if (salts == null) {
                return record.hashHex();
            }
            return FieldCommitment.commit(
                            record,
                            FieldCommitment.saltsFromJson(
                                    com.google.gson.JsonParser.parseString(salts)
                                            .getAsJsonObject()))
                    .rootHex();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
