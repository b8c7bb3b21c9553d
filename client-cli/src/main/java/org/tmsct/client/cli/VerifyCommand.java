package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tmsct.core.bmerkle.BlockSummary;
import org.tmsct.core.hash.Hex;
import org.tmsct.core.merkle.MerkleProof;
import org.tmsct.core.proof.ProofBundle;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.JsonFields;
import org.tmsct.core.record.Utf8;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.offchain.OffchainRecord;
import org.tmsct.offchain.OffchainStore;
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
 *
 * <p>With {@code --bundle FILE} it checks a proof bundle ({@link ProofBundle}) offline instead,
 * and, with {@code --against-network}, the roots the bundle names against master's.
 */
@Command(
        name = "verify",
        aliases = "prove",
        mixinStandardHelpOptions = true,
        description = {
            "Prove every entry of a trace: Merkle proof against the anchored root on master, and, for the entries "
                    + "this organisation holds raw data for, the re-hashed off-chain record against Hash(D) on the slave channel and on master.",
            "Prints VERIFIED, TAMPERED, or MISSING (this organisation's own entry has no raw record"
                    + " off chain) per entry; exits 1 if any entry is not VERIFIED.",
            "With --bundle FILE: checks a proof bundle (written by --save-bundle) without the network,"
                    + " or with --against-network also compares its anchored roots with master's."
        })
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    /** Larger bundles are refused unread: a trace's bundle is a few kilobytes per entry. */
    static final int MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

    @Parameters(
            index = "0",
            arity = "0..1",
            description = "Trace code (TID); optional with --bundle, which then must be of it.")
    String tid;

    @Option(
            names = "--bundle",
            paramLabel = "FILE",
            description =
                    "Check this proof bundle offline: Merkle proofs, leaves against the trace entries,"
                            + " entries against the roots it names. Does not connect to the network.")
    Path bundle;

    @Option(
            names = "--against-network",
            description =
                    "With --bundle: also connect and compare every root the bundle names with the"
                            + " one master holds (GetAnchor).")
    boolean againstNetwork;

    @Option(
            names = "--save-bundle",
            paramLabel = "FILE",
            description =
                    "Also write the proof bundle of TID (not of --upstream lots) to FILE, built from"
                            + " the Trace and Proof answers this verification fetched.")
    Path saveBundle;

    @Option(
            names = "--upstream",
            description =
                    "Verify the whole genealogy: the product and every lot it was made of, recursively.")
    boolean upstream;

    @Mixin GenealogyOptions bounds;

    @Override
    public Integer call() throws Exception {
        if (bundle != null) {
            if (upstream || saveBundle != null) {
                throw new IllegalArgumentException(
                        "--bundle checks a saved bundle; it cannot be combined with "
                                + (upstream ? "--upstream" : "--save-bundle"));
            }
            return verifyBundle();
        }
        if (againstNetwork) {
            throw new IllegalArgumentException("--against-network needs --bundle FILE");
        }
        if (tid == null) {
            throw new IllegalArgumentException("give a trace code (TID), or --bundle FILE");
        }
        int failures = 0;
        int lots = 1;
        try (FabricSession session = root.connect();
                OffchainStore store = root.openOffchain()) {
            failures += verifyTrace(session, store, tid, saveBundle);
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
                        failures += verifyTrace(session, store, id, null);
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

    /**
     * Verifies every entry of one trace code; the number that failed. With {@code saveTo}, also
     * writes the proof bundle of the answers it fetched.
     */
    private static int verifyTrace(
            final FabricSession session,
            final OffchainStore store,
            final String tid,
            final Path saveTo)
            throws Exception {
        int failures = 0;
        List<JsonObject> proofs = new ArrayList<>();
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
                proofs.add(p);
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
                    String rehash = raw.get().rehash();
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
            if (saveTo != null) {
                writeBundle(saveTo, ProofBundle.build(trace, proofs, Instant.now()));
            }
        }
        return failures;
    }

    private static void writeBundle(final Path file, final JsonObject proofBundle) {
        try {
            Files.writeString(file, Output.pretty(proofBundle) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the bundle to " + file + ": " + e);
        }
        int entries = proofBundle.getAsJsonArray("entries").size();
        System.err.printf(
                "wrote the proof bundle of %s (%d entr%s, %d anchored root%s) to %s%n",
                proofBundle.get("tid").getAsString(),
                entries,
                entries == 1 ? "y" : "ies",
                proofBundle.getAsJsonArray("roots").size(),
                proofBundle.getAsJsonArray("roots").size() == 1 ? "" : "s",
                file);
    }

    /** --bundle: the offline check, and with --against-network the roots against master's. */
    private int verifyBundle() throws Exception {
        JsonObject proofBundle = readBundle(bundle);
        ProofBundle.Report report = ProofBundle.verify(proofBundle);
        if (againstNetwork) {
            try (FabricSession session = root.connect()) {
                report =
                        ProofBundle.checkRoots(
                                proofBundle, (chain, block) -> masterRoot(session, chain, block));
            }
        }
        System.out.printf(
                "proof bundle of %s (%s), made %s: %d entr%s, %d anchored root%s%s%n",
                report.tid(),
                report.productType(),
                report.createdAt(),
                report.entries().size(),
                report.entries().size() == 1 ? "y" : "ies",
                report.roots().size(),
                report.roots().size() == 1 ? "" : "s",
                report.recallStatus() == null
                        ? ""
                        : ", recall " + report.recallStatus() + " when made");
        for (ProofBundle.EntryCheck e : report.entries()) {
            System.out.printf(
                    "%-9s %-13s block %d of %-13s tx %s (bundle)%s%n",
                    e.ok() ? Verdict.VERIFIED : Verdict.TAMPERED,
                    e.stage(),
                    e.blockNumber(),
                    e.slaveChainId(),
                    e.slaveTxId(),
                    e.ok() ? "" : ": " + e.problem());
        }
        System.out.println(
                againstNetwork
                        ? "anchored roots, compared with master's:"
                        : "anchored roots the bundle names (compare them with master's:"
                                + " --against-network):");
        for (ProofBundle.RootCheck r : report.roots()) {
            String state;
            if (!r.ok()) {
                state = "  PROBLEM: " + r.problem();
            } else {
                state = againstNetwork ? "  matches master" : "";
            }
            System.out.printf(
                    "  block %d of %-13s root %s, master tx %s%s%n",
                    r.blockNumber(), r.slaveChainId(), r.merkleRoot(), r.masterTxId(), state);
        }

        long failedEntries = report.failedEntries().size();
        long failedRoots = report.roots().stream().filter(r -> !r.ok()).count();
        boolean otherProduct = tid != null && !tid.equals(report.tid());
        if (otherProduct) {
            System.err.println("error: the bundle is of " + report.tid() + ", not of " + tid);
        }
        if (!report.ok()) {
            System.err.println(
                    "error: "
                            + failedEntries
                            + " of "
                            + report.entries().size()
                            + " entries and "
                            + failedRoots
                            + " of "
                            + report.roots().size()
                            + " roots of the bundle of "
                            + report.tid()
                            + " failed verification");
        }
        return report.ok() && !otherProduct ? 0 : TmsctCli.EXIT_FAILED;
    }

    /**
     * The Merkle root master holds for a block. GetAnchor answers with the anchor covering the
     * block, which for a block without records is a later one: that is no root of this block.
     */
    private String masterRoot(final FabricSession session, final String chain, final long block)
            throws Exception {
        JsonObject anchor;
        try {
            anchor =
                    Output.json(
                                    session.masterContract()
                                            .evaluateTransaction(
                                                    "GetAnchor", chain, Long.toString(block)))
                            .getAsJsonObject();
        } catch (Exception e) {
            throw new Exception(GatewayErrors.describe(e, root.peerEndpoint), e);
        }
        if (!anchor.has("blockNumber") || !anchor.has("merkleRoot")) {
            throw new Exception("master's GetAnchor answer has no blockNumber or merkleRoot");
        }
        long anchored = anchor.get("blockNumber").getAsLong();
        if (anchored != block) {
            throw new Exception(
                    "master's anchor covering block "
                            + block
                            + " is that of block "
                            + anchored
                            + ", so no entry of block "
                            + block
                            + " is anchored");
        }
        return anchor.get("merkleRoot").getAsString();
    }

    /**
     * The bundle file as a JSON object: at most {@link #MAX_BUNDLE_BYTES} bytes of UTF-8, parsed
     * strictly. Every problem is an IllegalArgumentException, which TmsctCli reports as a usage
     * error.
     */
    static JsonObject readBundle(final Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    Files.exists(file) ? file + " is not a regular file" : "no such file: " + file);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // read one byte past the limit, so an oversized file is refused without reading it all
            bytes = in.readNBytes(MAX_BUNDLE_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e);
        }
        if (bytes.length > MAX_BUNDLE_BYTES) {
            throw new IllegalArgumentException(
                    file
                            + " is larger than the limit of "
                            + MAX_BUNDLE_BYTES
                            + " bytes for a bundle");
        }
        String text;
        try {
            text = Utf8.strict(bytes);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text");
        }
        try {
            return JsonFields.parseObject(text, "proof bundle");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
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
}
