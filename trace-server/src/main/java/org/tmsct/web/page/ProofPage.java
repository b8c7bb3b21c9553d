package org.tmsct.web.page;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tmsct.core.record.CanonicalJson;

/**
 * One entry's Merkle proof in plain words: the leaf, each step of the path, the root anchored on
 * master and where it is anchored.
 */
final class ProofPage {

    private ProofPage() {}

    static String render(
            JsonObject traceEntry, JsonObject proof, boolean verified, String tid, Viewer viewer) {
        JsonObject entry = JsonView.obj(proof, "entry");
        JsonObject shown = traceEntry != null ? traceEntry : entry;
        String stage = JsonView.str(shown, "stage");
        String chain = JsonView.str(proof, "slaveChainId");
        String block = JsonView.str(proof, "blockNumber");

        StringBuilder h = new StringBuilder(8192);
        h.append("<p class=\"back\"><a href=\"")
                .append(Html.attr(Links.page(tid)))
                .append("\">Back to the trace of ")
                .append(Html.text(tid))
                .append("</a></p>\n<h1>Proof of stage ")
                .append(Html.text(stage))
                .append(" of ")
                .append(Html.text(tid))
                .append("</h1>\n");
        h.append(verdict(verified, chain, block));
        h.append("<p>Each block of a slave chain is summed up in one hash, the root of a Merkle")
                .append(" tree whose leaves are the block's entries. The master chain keeps that")
                .append(" root. If hashing this entry step by step with the sibling hashes below")
                .append(" ends at the kept root, the entry is exactly the one that was anchored:")
                .append(" changing any character of it would change every hash on the way.</p>\n");
        if (traceEntry != null) {
            h.append("<dl class=\"facts\">\n")
                    .append(Layout.row("Organisation", JsonView.str(traceEntry, "ownerMsp")));
            long at = JsonView.num(traceEntry, "txTimestamp", -1);
            if (at >= 0) {
                h.append(Layout.rowHtml("Anchored", Layout.time(at)));
            }
            h.append("</dl>\n");
        }

        String leafHash = leafSection(h, entry);
        String computedRoot = pathSection(h, JsonView.obj(proof, "proof"), leafHash);
        rootSection(h, computedRoot, JsonView.str(proof, "merkleRoot"));

        h.append("<section id=\"proof-anchor\">\n<h2>4. Where the root is kept</h2>\n<dl>\n")
                .append(Layout.rowHtml("Slave chain", Layout.code(chain)))
                .append(Layout.row("Slave block number", block))
                .append(Layout.rowHtml("Block hash", Layout.code(JsonView.str(proof, "blockHash"))))
                .append(
                        Layout.rowHtml(
                                "Master transaction",
                                Layout.code(JsonView.str(proof, "masterTxId"))))
                .append("</dl>\n<p>This master chain transaction recorded the root together with")
                .append(" the hash of the slave block it sums up.</p>\n</section>\n");
        return Layout.page("Proof: " + tid, viewer, h.toString());
    }

    private static String verdict(boolean verified, String chain, String block) {
        if (verified) {
            return "<p id=\"verdict\" class=\"verdict verdict-ok\"><strong>VERIFIED:</strong> this"
                    + " entry is in block "
                    + Html.text(block)
                    + " of "
                    + Html.text(chain)
                    + ", whose Merkle root is anchored on the master chain.</p>\n";
        }
        return "<p id=\"verdict\" class=\"verdict verdict-bad\"><strong>NOT VERIFIED:</strong>"
                + " this proof does not lead to the root anchored on the master chain.</p>\n";
    }

    /** The anchored entry fields and their leaf hash; answers the hash, null if unknown. */
    private static String leafSection(StringBuilder h, JsonObject entry) {
        h.append("<section id=\"proof-leaf\">\n<h2>1. The entry (the leaf)</h2>\n");
        if (entry == null) {
            h.append("<p class=\"problem\">The proof names no entry.</p>\n</section>\n");
            return null;
        }
        h.append("<dl>\n");
        for (var m : entry.entrySet()) {
            JsonElement v = m.getValue();
            if (v.isJsonObject()) {
                h.append(Layout.rowHtml(m.getKey(), "\n" + Layout.dl(v.getAsJsonObject(), null)));
            } else {
                h.append(Layout.rowHtml(m.getKey(), Layout.code(JsonView.display(v))));
            }
        }
        h.append("</dl>\n");
        String leafHash = null;
        try {
            String canonical = CanonicalJson.canonicalString(entry);
            leafHash = MerklePath.leafHash(canonical.getBytes(StandardCharsets.UTF_8));
            h.append("<p>Written as canonical JSON (RFC 8785), these are the leaf's bytes:</p>\n")
                    .append("<pre>")
                    .append(Html.text(canonical))
                    .append("</pre>\n<p>Leaf hash, SHA-256(0x00 ‖ bytes): ")
                    .append(Layout.code(leafHash))
                    .append("</p>\n");
        } catch (RuntimeException e) {
            h.append(
                    "<p class=\"problem\">These fields cannot be written as canonical JSON.</p>\n");
        }
        h.append("</section>\n");
        return leafHash;
    }

    /** The path, step by step; answers the root it leads to, null if unknown. */
    private static String pathSection(StringBuilder h, JsonObject merkle, String leafHash) {
        long index = JsonView.num(merkle, "leafIndex", -1);
        long size = JsonView.num(merkle, "treeSize", 0);
        List<String> path = new ArrayList<>();
        if (merkle != null && merkle.get("path") != null && merkle.get("path").isJsonArray()) {
            merkle.getAsJsonArray("path").forEach(p -> path.add(JsonView.display(p)));
        }
        MerklePath.Replay replay = MerklePath.replay(index, size, path, leafHash);
        h.append(
                        "<section id=\"proof-path\">\n<h2>2. The Merkle path</h2>\n<p>The entry is number ")
                .append(index + 1)
                .append(" of ")
                .append(size)
                .append(
                        " in its block. Starting from the leaf hash, each step hashes the running hash")
                .append(" with one sibling, the left one first.</p>\n");
        if (path.isEmpty()) {
            h.append("<p>The block has no other entry, so the leaf hash is the root.</p>\n");
        } else {
            h.append("<ol class=\"steps\">\n");
            for (MerklePath.Step s : replay.steps()) {
                h.append("<li>Sibling ")
                        .append(Layout.code(s.sibling()))
                        .append(" is on the <strong>")
                        .append(s.siblingOnLeft() ? "left" : "right")
                        .append("</strong>");
                if (s.result() != null) {
                    h.append(": SHA-256(0x01 ‖ ")
                            .append(s.siblingOnLeft() ? "sibling ‖ running" : "running ‖ sibling")
                            .append(") = ")
                            .append(Layout.code(s.result()));
                }
                h.append("</li>\n");
            }
            h.append("</ol>\n");
        }
        if (!replay.fits()) {
            h.append("<p class=\"problem\">The path does not fit a tree of ")
                    .append(size)
                    .append(" entries: it has ")
                    .append(path.size())
                    .append(" hashes.</p>\n");
        }
        h.append("</section>\n");
        return replay.root();
    }

    private static void rootSection(StringBuilder h, String computed, String anchored) {
        h.append("<section id=\"proof-root\">\n<h2>3. The anchored root</h2>\n<dl>\n")
                .append(Layout.rowHtml("Root kept on master", Layout.code(anchored)));
        if (computed != null) {
            h.append(Layout.rowHtml("Root the path leads to", Layout.code(computed)));
        }
        h.append("</dl>\n");
        if (computed != null && computed.equals(anchored)) {
            h.append("<p class=\"match match-ok\">The two are the same.</p>\n");
        } else if (computed != null) {
            h.append("<p class=\"match match-bad\"><strong>They differ.</strong></p>\n");
        }
        h.append("</section>\n");
    }
}
