package org.tmsct.master.anchor;

import java.util.List;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.master.common.ErrorCodes;
import org.tmsct.master.governance.OrdererCaRoots;
import org.tmsct.master.governance.SlaveChain;

/**
 * Bounded anchors: an anchor covers at most its chain's {@code maxRange} blocks, carries the
 * headers of all of them, hash-linked from the previous anchor's last block, with a registered
 * orderer's signature on the last one, and its entries lie in its range. So an anchor can never run
 * ahead of the slave blocks that the ordering service has really cut. Runs after the contiguity
 * checks and before anything is written.
 */
final class RangeChecks {

    private RangeChecks() {}

    static void check(
            SlaveChain chain,
            ChainAnchorState state,
            AnchorRequest request,
            AnchorLedger ledger,
            OrdererCaRoots ordererCas,
            long atMillis) {
        long first = request.firstBlock();
        long last = request.blockNumber();
        long blocks = last - first + 1;
        if (blocks > chain.maxRange()) {
            throw new ContractError(
                    ErrorCodes.RANGE_TOO_LARGE,
                    "the anchor of blocks "
                            + first
                            + ".."
                            + last
                            + " of "
                            + chain.id()
                            + " covers "
                            + blocks
                            + " blocks, more than the chain's maxRange of "
                            + chain.maxRange()
                            + "; anchor the blocks without records before block "
                            + last
                            + " as range advances of at most "
                            + chain.maxRange()
                            + " blocks");
        }
        RangeProof proof = request.rangeProof();
        if (proof.headers().isEmpty()) {
            throw new ContractError(
                    ErrorCodes.HEADER_CHAIN_BROKEN,
                    chain.id()
                            + ": the anchor of blocks "
                            + first
                            + ".."
                            + last
                            + " carries no slave block headers (\"headers\": one per block)");
        }
        String previous;
        if (state.hasAnchors()) {
            previous = state.lastBlockHash();
            if (previous.isEmpty()) {
                // a chain state written before lastBlockHash existed: the last anchor has it
                AnchorRecord lastAnchor = ledger.anchor(chain.id(), state.lastCovered());
                previous = lastAnchor == null ? null : lastAnchor.blockHash();
            }
        } else {
            previous = first == 0 ? "" : null;
        }
        List<SlaveHeaders.Header> headers =
                SlaveHeaders.checkChain(
                        chain.id(), first, last, proof.headers(), previous, request.blockHash());
        SlaveHeaders.checkSignature(
                chain.id(),
                headers.get(headers.size() - 1),
                proof.ordererSignatures(),
                proof.signerIdentities(),
                ordererCas.all(),
                atMillis);
        List<Long> entryBlocks = proof.entryBlocks();
        if (entryBlocks == null) {
            return;
        }
        if (entryBlocks.size() != request.entries().size()) {
            throw new ContractError(
                    ErrorCodes.BAD_REQUEST,
                    "anchor: \"entryBlocks\" names "
                            + entryBlocks.size()
                            + " blocks for "
                            + request.entries().size()
                            + " entries");
        }
        for (int i = 0; i < entryBlocks.size(); i++) {
            long b = entryBlocks.get(i);
            if (b < first || b > last) {
                throw new ContractError(
                        ErrorCodes.ENTRY_OUTSIDE_RANGE,
                        "entry "
                                + i
                                + " (slave tx "
                                + request.entries().get(i).txId()
                                + ") is from block "
                                + b
                                + ", outside the anchored range "
                                + first
                                + ".."
                                + last
                                + " of "
                                + chain.id());
            }
            if (i > 0 && b < entryBlocks.get(i - 1)) {
                throw new ContractError(
                        ErrorCodes.BAD_REQUEST,
                        "anchor: \"entryBlocks\" must list the entries in block order; entry "
                                + i
                                + " is from block "
                                + b
                                + ", after an entry of block "
                                + entryBlocks.get(i - 1));
            }
        }
    }
}
