package org.tmsct.master;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.fabric.BaseContract;
import org.tmsct.chaincode.fabric.ContractCalls;
import org.tmsct.chaincode.fabric.FabricStateStore;
import org.tmsct.core.protocol.EventNames;
import org.tmsct.master.anchor.AnchorLedger;
import org.tmsct.master.anchor.AnchorService;
import org.tmsct.master.anchor.DeviceRevocations;
import org.tmsct.master.anchor.DeviceTrust;
import org.tmsct.master.genealogy.GenealogyService;
import org.tmsct.master.genealogy.LotGraph;
import org.tmsct.master.genealogy.Recalls;
import org.tmsct.master.governance.DeviceCaRoots;
import org.tmsct.master.governance.Members;
import org.tmsct.master.governance.ProcessRegistry;
import org.tmsct.master.governance.Proposals;
import org.tmsct.master.governance.SlaveChain;
import org.tmsct.master.governance.SlaveChainRegistry;
import org.tmsct.master.trace.TraceService;

/**
 * The master-channel contract, kept by every organisation: collective governance (member
 * organisations, and by proposal and majority approval: slave chains, process definitions, device
 * CA roots), anchoring of slave blocks as B-Merkle summaries, and trace queries. It never receives
 * raw records, only key data and hashes.
 *
 * <p>This class only converts Fabric types and errors; the rules live in the domain packages. Every
 * answer is canonical JSON, so the endorsements MAJORITY needs carry identical bytes.
 */
@Contract(name = "master", info = @Info(title = "TMSCT master contract", version = "0.2.0"))
@Default
public final class MasterContract extends BaseContract {

    /** Event emitted by an AnchorBlock that wrote an anchor. */
    public static final String BLOCK_ANCHORED = EventNames.BLOCK_ANCHORED;

    public MasterContract() {
        super("chaincode-master");
    }

    // --- governance ------------------------------------------------------------------------------

    /**
     * Sets the member organisations once, right after deployment (JSON array of MSP ids, including
     * the caller's); later changes are SET_MEMBERS proposals.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String InitMembers(final Context ctx, final String mspsJson) {
        return run(ctx, d -> Json.canonical(d.members.init(tx(ctx), mspsJson)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetMembers(final Context ctx) {
        return run(
                ctx,
                d -> {
                    JsonObject current = d.members.current();
                    return Json.canonical(current == null ? new JsonObject() : current);
                });
    }

    /**
     * Proposes a change of kind REGISTER_CHAIN, CHAIN_OPTIONS, DEFINE_PROCESS, DEVICE_CA_ROOTS or
     * SET_MEMBERS (a member admin; counts as its organisation's approval). It takes effect when
     * admins of a strict majority of the members have approved.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ProposeChange(final Context ctx, final String kind, final String changeJson) {
        return run(
                ctx, d -> Json.canonical(d.proposals.propose(tx(ctx), kind, changeJson).toJson()));
    }

    /** The caller's organisation approves proposal {@code id}, whose content hash it names. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ApproveChange(final Context ctx, final String id, final String contentHash) {
        return run(
                ctx, d -> Json.canonical(d.proposals.approve(tx(ctx), id, contentHash).toJson()));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetProposal(final Context ctx, final String id) {
        return run(ctx, d -> Json.canonical(d.proposals.require(id).toJson()));
    }

    /** Proposals oldest first, a page at a time: bookmark "" for the first page. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String ListProposals(final Context ctx, final String bookmark, final String pageSize) {
        return run(ctx, d -> Json.canonical(d.proposals.list(bookmark, pageSize)));
    }

    /**
     * The caller's organisation reports that it revoked device {@code deviceId} on its slave
     * channel at {@code revokedAtMillis}; entries the device signed from then on are rejected. Its
     * admins and its anchor relay may call it; an earlier time replaces a later one, never the
     * reverse.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ReportDeviceRevocation(
            final Context ctx, final String deviceId, final String revokedAtMillis) {
        return run(
                ctx, d -> Json.canonical(d.revocations.report(tx(ctx), deviceId, revokedAtMillis)));
    }

    /** {@code {msp, deviceId, revokedAt, txId, txTimestamp}}, or {@code {}} if not reported. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetDeviceRevocation(
            final Context ctx, final String mspId, final String deviceId) {
        return run(
                ctx,
                d -> {
                    JsonObject o = d.revocations.find(mspId, deviceId);
                    return Json.canonical(o == null ? new JsonObject() : o);
                });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetDeviceCaRoots(final Context ctx, final String mspId) {
        return run(ctx, d -> Json.canonical(d.deviceCas.require(mspId)));
    }

    /**
     * The CA certificates registered for an orderer organisation (ORDERER_CA_ROOTS), or {@code
     * {"msp"}} with no certificates when none are.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetOrdererCaRoots(final Context ctx, final String mspId) {
        return run(
                ctx,
                d -> {
                    com.google.gson.JsonObject found =
                            new org.tmsct.master.governance.OrdererCaRoots(
                                            new FabricStateStore(ctx.getStub()))
                                    .find(mspId);
                    if (found == null) {
                        found = new com.google.gson.JsonObject();
                        found.addProperty("msp", mspId);
                    }
                    return Json.canonical(found);
                });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetSlaveChains(final Context ctx) {
        return run(
                ctx,
                d -> {
                    JsonArray out = new JsonArray();
                    for (SlaveChain chain : d.chains.all()) {
                        out.add(chain.toJson());
                    }
                    return Json.canonical(out);
                });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetSlaveChain(final Context ctx, final String id) {
        return run(ctx, d -> Json.canonical(d.chains.require(id).toJson()));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetProcess(final Context ctx, final String productType) {
        return run(ctx, d -> Json.canonical(d.processes.require(productType).toJson()));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetProcessHistory(final Context ctx, final String productType) {
        return run(ctx, d -> Json.canonical(d.processes.history(productType)));
    }

    // --- anchoring -------------------------------------------------------------------------------

    /**
     * Anchors slave blocks firstBlock..blockNumber of one chain; emits {@link #BLOCK_ANCHORED} when
     * it writes.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String AnchorBlock(final Context ctx, final String anchorJson) {
        return run(
                ctx,
                d -> {
                    AnchorService.Outcome outcome = d.anchors.anchor(tx(ctx), anchorJson);
                    if (outcome.event() != null) {
                        ctx.getStub().setEvent(BLOCK_ANCHORED, Json.bytes(outcome.event()));
                    }
                    return Json.canonical(outcome.response());
                });
    }

    /**
     * Read only: whether master would accept a record of this stage for this TID on this chain,
     * sharing these key fields (a JSON array), were it anchored now. Slave contracts ask it through
     * a cross-channel query before they record.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String CheckEntry(
            final Context ctx,
            final String slaveChainId,
            final String tid,
            final String stage,
            final String keyFieldsJson) {
        return run(
                ctx,
                d -> Json.canonical(d.anchors.checkEntry(slaveChainId, tid, stage, keyFieldsJson)));
    }

    /**
     * CheckEntry for each of a JSON array of {@code {"tid","stage","keyFields":[...]}} (at most
     * 500), answered in order: one cross-channel query for a slave's whole RecordBatch.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String CheckEntries(
            final Context ctx, final String slaveChainId, final String queriesJson) {
        return run(ctx, d -> Json.canonical(d.anchors.checkEntries(slaveChainId, queriesJson)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetAnchorState(final Context ctx, final String slaveChainId) {
        return run(ctx, d -> Json.canonical(d.trace.anchorState(slaveChainId)));
    }

    // --- queries ---------------------------------------------------------------------------------

    /** The product's timeline, and whether it or a lot it was made from is recalled. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Trace(final Context ctx, final String tid) {
        return run(
                ctx,
                d -> {
                    JsonObject trace = d.trace.trace(tid);
                    trace.add("recall", d.genealogy.recallStatus(tid));
                    return Json.canonical(trace);
                });
    }

    /**
     * What the product was made of, recursively: one page of a bounded breadth-first walk
     * (maxDepth, maxLots, pageSize, bookmark: "" for defaults; bloom "true" or "false").
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Upstream(
            final Context ctx,
            final String tid,
            final String maxDepth,
            final String maxLots,
            final String pageSize,
            final String bookmark,
            final String bloom) {
        return run(
                ctx,
                d ->
                        Json.canonical(
                                d.genealogy.walk(
                                        tid,
                                        LotGraph.Direction.UP,
                                        maxDepth,
                                        maxLots,
                                        pageSize,
                                        bookmark,
                                        bloom)));
    }

    /** Every product downstream of a lot, with its last stage and holder; as {@link #Upstream}. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Recall(
            final Context ctx,
            final String tid,
            final String maxDepth,
            final String maxLots,
            final String pageSize,
            final String bookmark,
            final String bloom) {
        return run(
                ctx,
                d ->
                        Json.canonical(
                                d.genealogy.walk(
                                        tid,
                                        LotGraph.Direction.DOWN,
                                        maxDepth,
                                        maxLots,
                                        pageSize,
                                        bookmark,
                                        bloom)));
    }

    /** Marks a lot recalled: an organisation that anchored a record of it, with a reason. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String MarkRecalled(final Context ctx, final String tid, final String reason) {
        return run(ctx, d -> Json.canonical(d.recalls.mark(tx(ctx), tid, true, reason)));
    }

    /** Clears a lot's recall mark; the mark's history keeps it. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ClearRecall(final Context ctx, final String tid, final String reason) {
        return run(ctx, d -> Json.canonical(d.recalls.mark(tx(ctx), tid, false, reason)));
    }

    /** {@code {tid, current, history}} of a lot's recall mark. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetRecall(final Context ctx, final String tid) {
        return run(ctx, d -> Json.canonical(d.recalls.history(tid)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Exists(final Context ctx, final String tid) {
        return run(ctx, d -> Json.canonical(d.trace.exists(tid)));
    }

    /**
     * useBloom: "true" (bit-sliced index), "per-block" (each block's filter) or "false" (search
     * every block).
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String FindBlocks(
            final Context ctx,
            final String tid,
            final String slaveChainId,
            final String fromBlock,
            final String toBlock,
            final String useBloom) {
        return run(
                ctx,
                d ->
                        Json.canonical(
                                d.trace.findBlocks(
                                        tid, slaveChainId, fromBlock, toBlock, useBloom)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String Proof(
            final Context ctx,
            final String slaveChainId,
            final String blockNumber,
            final String txId) {
        return run(ctx, d -> Json.canonical(d.trace.proof(slaveChainId, blockNumber, txId)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetAnchor(
            final Context ctx, final String slaveChainId, final String blockNumber) {
        return run(ctx, d -> Json.canonical(d.trace.anchor(slaveChainId, blockNumber)));
    }

    // --- plumbing --------------------------------------------------------------------------------

    /** Master notes are for the member organisations. */
    @Override
    protected boolean isMember(final ChaincodeStub stub, final String mspId) {
        return new Members(new FabricStateStore(stub)).isMember(mspId);
    }

    /** The domain services over this transaction's state. */
    private record Domain(
            Members members,
            SlaveChainRegistry chains,
            ProcessRegistry processes,
            DeviceCaRoots deviceCas,
            DeviceRevocations revocations,
            Proposals proposals,
            AnchorService anchors,
            TraceService trace,
            Recalls recalls,
            GenealogyService genealogy) {
        static Domain over(ChaincodeStub stub) {
            AnchorLedger ledger = new AnchorLedger(new FabricStateStore(stub));
            Members members = new Members(ledger.store());
            SlaveChainRegistry chains =
                    new SlaveChainRegistry(
                            ledger.store(), id -> ledger.chainState(id).hasAnchors());
            ProcessRegistry processes = new ProcessRegistry(ledger.store(), chains);
            DeviceCaRoots deviceCas = new DeviceCaRoots(ledger.store());
            DeviceRevocations revocations = new DeviceRevocations(ledger.store(), members);
            Recalls recalls = new Recalls(ledger.store(), ledger);
            return new Domain(
                    members,
                    chains,
                    processes,
                    deviceCas,
                    revocations,
                    new Proposals(ledger.store(), members, chains, processes, deviceCas),
                    new AnchorService(
                            ledger, chains, processes, new DeviceTrust(deviceCas, revocations)),
                    new TraceService(ledger, chains),
                    recalls,
                    new GenealogyService(ledger, new LotGraph(ledger.store()), recalls, chains));
        }
    }

    private static Tx tx(final Context ctx) {
        return ContractCalls.tx(ctx);
    }

    private static String run(final Context ctx, final Function<Domain, String> call) {
        return ContractCalls.run(ctx, "master", Domain::over, call);
    }
}
