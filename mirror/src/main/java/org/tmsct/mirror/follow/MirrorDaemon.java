package org.tmsct.mirror.follow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one follower per channel (master and the organisation's slave channel), each on its own
 * thread, since the channels' checkpoints are independent. When one halts the others are stopped,
 * so the daemon ends loudly rather than keeping half a mirror up to date.
 */
public final class MirrorDaemon {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorDaemon.class);

    private final List<ChannelFollower> followers;
    private final CountDownLatch ended;
    private final AtomicReference<RuntimeException> halt = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    public MirrorDaemon(List<ChannelFollower> followers) {
        this.followers = List.copyOf(followers);
        this.ended = new CountDownLatch(1);
    }

    /**
     * Follows every channel until {@link #stop} or a halt.
     *
     * @throws ChannelFollower.HaltException the first follower's halt
     */
    public void run() throws InterruptedException {
        for (ChannelFollower f : followers) {
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    f.run();
                                } catch (RuntimeException e) {
                                    halt.compareAndSet(null, e);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                } finally {
                                    ended.countDown();
                                }
                            },
                            "mirror-" + f.channel());
            threads.add(t);
            t.start();
        }
        ended.await();
        stop();
        for (Thread t : threads) {
            t.join(10_000);
        }
        RuntimeException e = halt.get();
        if (e != null) {
            throw e;
        }
    }

    /** Stops every follower after the block it is applying. */
    public void stop() {
        for (ChannelFollower f : followers) {
            f.stop();
        }
        ended.countDown();
        LOG.info("mirror stopping");
    }
}
