package org.tmsct.mirror.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tmsct.mirror.BlockRows.RawRow;
import org.tmsct.mirror.blocks.SlaveBlockRows.RecordRef;
import org.tmsct.offchain.OffchainRecord;
import org.tmsct.offchain.OffchainStore;

/**
 * Raw records from the organisation's off-chain store, found by trace code and Hash(D): the client
 * keeps a record there before it submits it, so a record is found whether or not the client has yet
 * marked it committed. The store is opened for each block that stored records and closed again,
 * since an H2 file admits one process at a time and the client opens it too.
 */
public final class OffchainRaw implements SlaveBlockRows.RawSource {

    private final String url;

    public OffchainRaw(String url) {
        this.url = url;
    }

    @Override
    public List<RawRow> rawOf(List<RecordRef> records) throws Exception {
        List<RawRow> out = new ArrayList<>();
        try (OffchainStore store = OffchainStore.open(url)) {
            for (RecordRef r : records) {
                Optional<OffchainRecord> row = store.findByHash(r.tid(), r.dataHash());
                row.ifPresent(
                        o ->
                                out.add(
                                        new RawRow(
                                                r.recordId(),
                                                r.tid(),
                                                r.stage(),
                                                o.rawJson(),
                                                r.dataHash(),
                                                o.rehash())));
            }
        }
        return out;
    }
}
