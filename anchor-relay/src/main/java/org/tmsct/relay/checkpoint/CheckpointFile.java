package org.tmsct.relay.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A checkpoint in one small JSON file, replaced atomically: written to a temporary file in the same
 * directory, forced to disk, then renamed over the old one, so a kill -9 leaves either the old or
 * the new checkpoint, never a torn one.
 */
public final class CheckpointFile implements CheckpointStore {

    private final Path file;

    public CheckpointFile(final Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path path() {
        return file;
    }

    @Override
    public Optional<AnchorCheckpoint> load() {
        try {
            return Optional.of(
                    AnchorCheckpoint.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // Unreadable: ignore it; the master's anchor state is enough to resume.
            return Optional.empty();
        }
    }

    @Override
    public void save(final AnchorCheckpoint checkpoint) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch =
                    FileChannel.open(
                            tmp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(
                        ByteBuffer.wrap(
                                (checkpoint.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
