package org.tmsct.master.governance;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.tmsct.chaincode.common.Caller;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.chaincode.common.Json;
import org.tmsct.chaincode.common.Tx;
import org.tmsct.chaincode.state.KeyValue;
import org.tmsct.chaincode.state.Keys;
import org.tmsct.chaincode.state.StateStore;
import org.tmsct.core.hash.Sha256;
import org.tmsct.master.common.ErrorCodes;

/**
 * Collective governance: a member organisation's admin proposes a change (which counts as its own
 * organisation's approval), admins of other member organisations approve it, each in its own
 * transaction, and the approval that makes a strict majority of the current members applies it.
 * Until then nothing but the proposal is written. Proposals stay readable for good: their key
 * history shows every approval.
 *
 * <p>Keys: {@code proposal/<id>} (simple, so ListProposals reads a bounded key range in time order)
 * and {@code proposalhash/<contentHash>} (the id of the pending proposal with that content, so
 * proposing the same change again joins it instead of opening a second one).
 */
public final class Proposals {

    static final String PREFIX = "proposal/";
    static final String PENDING = "proposalhash/";

    /** The first character after '/', so [PREFIX, END) is exactly the proposals. */
    private static final String END = "proposal0";

    private static final Pattern ID = Pattern.compile("[0-9]{16}-[A-Za-z0-9]{1,16}");

    public static final int DEFAULT_PAGE = 20;
    public static final int MAX_PAGE = 100;

    private final StateStore store;
    private final Members members;
    private final SlaveChainRegistry chains;
    private final ProcessRegistry processes;
    private final DeviceCaRoots deviceCas;
    private final OrdererCaRoots ordererCas;

    public Proposals(
            StateStore store,
            Members members,
            SlaveChainRegistry chains,
            ProcessRegistry processes,
            DeviceCaRoots deviceCas) {
        this.store = store;
        this.members = members;
        this.chains = chains;
        this.processes = processes;
        this.deviceCas = deviceCas;
        this.ordererCas = new OrdererCaRoots(store);
    }

    /**
     * Proposes a change, checked now against the current state as if it took effect. The proposal
     * of a change already pending is that pending proposal, approved by the caller's organisation.
     */
    public Proposal propose(Tx tx, String kindName, String changeJson) {
        Governance.requireMemberAdmin(members, tx.caller(), "propose changes");
        ChangeKind kind = ChangeKind.parse(kindName);
        JsonObject change = kind.document(changeJson);
        apply(asProposer(tx, tx.caller().mspId()), kind, change, false);
        String hash = contentHash(kind, change);
        byte[] pending = store.get(PENDING + hash);
        if (pending != null && pending.length > 0) {
            return approve(tx, new String(pending, UTF_8), hash);
        }
        Proposal p =
                new Proposal(
                        Keys.pad(tx.timestampMillis(), 16) + "-" + idPart(tx.txId()),
                        kind,
                        change,
                        hash,
                        tx.caller().mspId(),
                        tx.txId(),
                        tx.timestampMillis(),
                        Proposal.PENDING,
                        new TreeMap<>(),
                        null,
                        0,
                        null);
        return record(tx, p.approvedBy(tx.caller().mspId(), tx.txId(), tx.timestampMillis()));
    }

    /**
     * Approves proposal {@code id} for the caller's organisation. {@code contentHash} must be the
     * proposal's, so an admin approves exactly the change it read. Approving twice, or approving an
     * executed proposal, returns it and writes nothing.
     */
    public Proposal approve(Tx tx, String id, String contentHash) {
        Governance.requireMemberAdmin(members, tx.caller(), "approve changes");
        Proposal p = require(id);
        if (!p.contentHash().equals(contentHash)) {
            throw new ContractError(
                    ErrorCodes.PROPOSAL_MISMATCH,
                    "proposal "
                            + p.id()
                            + " has content hash "
                            + p.contentHash()
                            + ", not \""
                            + contentHash
                            + "\"; read it again with GetProposal and approve what it says");
        }
        if (p.executed() || p.approvals().containsKey(tx.caller().mspId())) {
            return p;
        }
        return record(tx, p.approvedBy(tx.caller().mspId(), tx.txId(), tx.timestampMillis()));
    }

    /** Writes the proposal, first applying its change if its approvals now make a majority. */
    private Proposal record(Tx tx, Proposal p) {
        List<String> current = members.list();
        long approving = p.approvals().keySet().stream().filter(current::contains).count();
        if (approving >= members.majority()) {
            JsonObject written = apply(asProposer(tx, p.proposedBy()), p.kind(), p.change(), true);
            p = p.executedBy(tx.txId(), tx.timestampMillis(), written);
            store.put(PENDING + p.contentHash(), new byte[0]);
        } else {
            store.put(PENDING + p.contentHash(), p.id().getBytes(UTF_8));
        }
        store.put(PREFIX + p.id(), Json.bytes(p.toJson()));
        return p;
    }

    /** Checks ({@code write} false) or applies the change; returns what it would write or wrote. */
    private JsonObject apply(Tx tx, ChangeKind kind, JsonObject c, boolean write) {
        String doc = kind.name() + " change";
        switch (kind) {
            case REGISTER_CHAIN -> {
                String options = c.has("options") ? c.get("options").toString() : null;
                return chains.register(
                                tx,
                                Json.requireString(c, "id", doc),
                                Json.requireString(c, "channelName", doc),
                                Json.requireString(c, "ownerMsp", doc),
                                options,
                                write)
                        .toJson();
            }
            case CHAIN_OPTIONS -> {
                SlaveChain chain = chains.require(Json.requireString(c, "id", doc));
                return chains.register(
                                tx,
                                chain.id(),
                                chain.channelName(),
                                chain.ownerMsp(),
                                c.get("options").toString(),
                                write)
                        .toJson();
            }
            case DEFINE_PROCESS -> {
                return processes
                        .define(
                                tx,
                                Json.requireString(c, "productType", doc),
                                c.get("definition").toString(),
                                write)
                        .toJson();
            }
            case DEVICE_CA_ROOTS -> {
                String msp = Json.requireString(c, "msp", doc);
                members.requireMember(msp, "have device CA roots");
                if (!c.get("certificates").isJsonArray()) {
                    throw new ContractError(
                            ErrorCodes.BAD_REQUEST, doc + ": \"certificates\" must be an array");
                }
                List<String> pems = DeviceCaRoots.parseAll(c.getAsJsonArray("certificates"));
                if (write) {
                    return deviceCas.set(tx, msp, pems);
                }
                JsonObject preview = new JsonObject();
                preview.addProperty("msp", msp);
                preview.add("certificates", Json.array(pems));
                return preview;
            }
            case ORDERER_CA_ROOTS -> {
                return ordererCas.set(
                        tx, Json.requireString(c, "msp", doc), c.get("certificates"), write);
            }
            case SET_MEMBERS -> {
                List<String> msps = Members.parse(c.get("msps"));
                if (write) {
                    return members.set(tx, msps);
                }
                JsonObject preview = new JsonObject();
                preview.add("msps", Json.array(msps));
                return preview;
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** The proposal, or UNKNOWN_PROPOSAL. */
    public Proposal require(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_PROPOSAL,
                    "\""
                            + (id == null ? "null" : id.substring(0, Math.min(40, id.length())))
                            + "\" is not a proposal id (16 digits, '-', then up to 16 letters or"
                            + " digits; see ListProposals)");
        }
        byte[] bytes = store.get(PREFIX + id);
        if (bytes == null || bytes.length == 0) {
            throw new ContractError(
                    ErrorCodes.UNKNOWN_PROPOSAL,
                    "there is no proposal " + id + " (see ListProposals)");
        }
        return Proposal.fromJson(Json.stored(bytes));
    }

    /**
     * Up to {@code pageSize} proposals (default 20, at most 100), oldest first, after the one named
     * by {@code bookmark} ("" for the first page). The answer's bookmark is "" on the last page.
     */
    public JsonObject list(String bookmark, String pageSize) {
        int size = DEFAULT_PAGE;
        if (pageSize != null && !pageSize.isEmpty()) {
            if (!pageSize.matches("[0-9]{1,3}")
                    || Integer.parseInt(pageSize) < 1
                    || Integer.parseInt(pageSize) > MAX_PAGE) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        "page size must be 1.." + MAX_PAGE + ", got \"" + pageSize + "\"");
            }
            size = Integer.parseInt(pageSize);
        }
        String start = PREFIX;
        if (bookmark != null && !bookmark.isEmpty()) {
            start = PREFIX + require(bookmark).id() + "\u0000";
        }
        List<KeyValue> page = store.byRange(start, END, size + 1);
        JsonArray out = new JsonArray();
        String last = "";
        for (KeyValue kv : page.subList(0, Math.min(size, page.size()))) {
            Proposal p = Proposal.fromJson(Json.stored(kv.value()));
            out.add(p.toJson());
            last = p.id();
        }
        JsonObject o = new JsonObject();
        o.add("proposals", out);
        o.addProperty("bookmark", page.size() > size ? last : "");
        return o;
    }

    /** SHA-256 of the canonical {kind, change}: what every approval names. */
    static String contentHash(ChangeKind kind, JsonObject change) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind.name());
        o.add("change", change);
        return Sha256.hex(Json.bytes(o));
    }

    /** The change is made in the name of the organisation that proposed it. */
    private static Tx asProposer(Tx tx, String proposer) {
        return new Tx(
                tx.txId(), tx.timestampMillis(), tx.channelId(), new Caller(proposer, true, null));
    }

    private static String idPart(String txId) {
        String alnum = txId.replaceAll("[^A-Za-z0-9]", "");
        return alnum.substring(0, Math.min(16, alnum.length()));
    }
}
