package org.tmsct.relay.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir Path dir;

    @Test
    void resumesAfterTheEmptyBlocksOnlyWhenTheFileAgreesWithTheMaster() {
        AnchorCheckpoint local = new AnchorCheckpoint("raw-material", 10, 14, 0);
        assertEquals(15, AnchorCheckpoint.resumeBlock(local, "raw-material", 10, 11));
        // The master moved on (another relay): follow the master.
        assertEquals(13, AnchorCheckpoint.resumeBlock(local, "raw-material", 12, 13));
        // The master is behind the file (its ledger was rebuilt): follow the master.
        assertEquals(6, AnchorCheckpoint.resumeBlock(local, "raw-material", 5, 6));
        // Another chain's file, or none.
        assertEquals(11, AnchorCheckpoint.resumeBlock(local, "logistics", 10, 11));
        assertEquals(11, AnchorCheckpoint.resumeBlock(null, "raw-material", 10, 11));
        // Before any anchor: range starts at the configured first block.
        assertEquals(
                4,
                AnchorCheckpoint.resumeBlock(
                        new AnchorCheckpoint("raw-material", -1, 3, 0), "raw-material", -1, 0));
    }

    @Test
    void scannedThroughIsNeverBeforeLastCovered() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new AnchorCheckpoint("raw-material", 5, 4, 0));
    }

    @Test
    void fileRoundTripReplacesTheWholeFile() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("sub/checkpoint.json"));
        assertTrue(file.load().isEmpty());
        file.save(new AnchorCheckpoint("raw-material", 3, 7, 42));
        file.save(new AnchorCheckpoint("raw-material", 9, 9, 43));
        assertEquals(Optional.of(new AnchorCheckpoint("raw-material", 9, 9, 43)), file.load());
        assertFalse(
                Files.exists(dir.resolve("sub/checkpoint.json.tmp")),
                "the temporary file is renamed, not left behind");
    }

    @Test
    void anUnreadableFileIsIgnoredBecauseTheMasterKnowsBetter() throws Exception {
        Path p = dir.resolve("checkpoint.json");
        Files.writeString(p, "{\"slaveChainId\":\"raw-mat"); // torn by hand
        assertTrue(new CheckpointFile(p).load().isEmpty());
        Files.writeString(
                p,
                "{\"slaveChainId\":\"x\",\"lastCovered\":5,\"scannedThrough\":1,\"updatedAtMillis\":0}");
        assertTrue(new CheckpointFile(p).load().isEmpty());
    }
}
