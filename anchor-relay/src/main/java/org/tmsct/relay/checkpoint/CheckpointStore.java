package org.tmsct.relay.checkpoint;

import java.util.Optional;

/** Where the relay keeps its {@link AnchorCheckpoint}. */
public interface CheckpointStore {

    /** The saved checkpoint; empty if none, or if it cannot be read (the master still knows). */
    Optional<AnchorCheckpoint> load();

    void save(AnchorCheckpoint checkpoint);

    /** A store that keeps nothing (the relay then always resumes from the master's state). */
    CheckpointStore NONE =
            new CheckpointStore() {
                @Override
                public Optional<AnchorCheckpoint> load() {
                    return Optional.empty();
                }

                @Override
                public void save(final AnchorCheckpoint checkpoint) {}
            };
}
