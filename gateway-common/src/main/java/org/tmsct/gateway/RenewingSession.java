package org.tmsct.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hyperledger.fabric.client.Network;
import org.tmsct.gateway.config.OrgConnection;

/**
 * A session that follows its identity's files: when the certificate is renewed (re-enrolled at the
 * CA and written in place), the next check connects a new gateway with the new certificate and key
 * and hands it out from then on; the old one is closed after a grace period, so calls already under
 * way finish on it. A long-running process such as the relay never stops for a renewal.
 */
public final class RenewingSession implements AutoCloseable {

    private final OrgConnection org;
    private final String identityName;
    private final Duration grace;
    private final Consumer<String> onRenewed;
    private final ScheduledExecutorService timer;
    private volatile FabricSession current;
    private volatile String fingerprint;

    /**
     * @param checkEvery how often the certificate file is compared with the one in use
     * @param grace how long a replaced session stays open for calls under way
     * @param onRenewed told the new certificate's fingerprint after each switch
     */
    public RenewingSession(
            final OrgConnection org,
            final String identityName,
            final Duration checkEvery,
            final Duration grace,
            final Consumer<String> onRenewed) {
        this.org = org;
        this.identityName = identityName;
        this.grace = grace;
        this.onRenewed = onRenewed;
        this.fingerprint = certificateFingerprint();
        this.current = FabricSession.connect(org, identityName);
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "identity-renewal-check");
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleWithFixedDelay(
                this::checkQuietly,
                checkEvery.toMillis(),
                checkEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The channel through the session of the identity's current certificate. */
    public Network network(final String channel) {
        return current.network(channel);
    }

    /** Switches to the files' identity now if its certificate changed; true if it switched. */
    public synchronized boolean checkNow() {
        String now = certificateFingerprint();
        if (now == null || now.equals(fingerprint)) {
            return false;
        }
        FabricSession renewed = FabricSession.connect(org, identityName);
        FabricSession old = current;
        current = renewed;
        fingerprint = now;
        timer.schedule(old::close, grace.toMillis(), TimeUnit.MILLISECONDS);
        onRenewed.accept(now);
        return true;
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // a half-written pair of files: the next check tries again, the old session serves
        }
    }

    /** SHA-256 of the certificate file, or null while it cannot be read. */
    private String certificateFingerprint() {
        try {
            byte[] cert = Files.readAllBytes(Path.of(org.identity(identityName).certificate()));
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        current.close();
    }
}
