package org.tmsct.web.api;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;

/**
 * Master's chaincode events as Server-Sent Events. Each event's id is its checkpoint, {@code
 * <block>:<transaction id>}; a client that comes back with it (the {@code Last-Event-ID} header
 * browsers send, or {@code ?after=}) gets every later event once, as fabric-gateway's checkpointer
 * resumes: from that block, skipping up to and including that transaction.
 */
public final class AnchoredEvents {

    /** The media type of an event stream, which a client must ask for in its Accept header. */
    public static final String TYPE = "text/event-stream";

    /** Each stream holds a gateway event stream and a thread; a few dozen is plenty per org. */
    static final int MAX_STREAMS = 32;

    private final Network master;
    private final String chaincode;
    private final Semaphore slots = new Semaphore(MAX_STREAMS);
    private final ExecutorService threads =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "sse-anchored-events");
                        t.setDaemon(true);
                        return t;
                    });

    public AnchoredEvents(final Network master, final String chaincode) {
        this.master = master;
        this.chaincode = chaincode;
    }

    /** Where a stream starts: a block, and the last transaction of it already seen (or none). */
    record Checkpoint(long block, String afterTx) {

        static Checkpoint parse(final String lastEventId, final String after, final String from) {
            String id = lastEventId != null && !lastEventId.isBlank() ? lastEventId : after;
            try {
                if (id != null && !id.isBlank()) {
                    int colon = id.indexOf(':');
                    if (colon <= 0 || colon == id.length() - 1 || id.length() > 200) {
                        throw new IllegalArgumentException();
                    }
                    return new Checkpoint(
                            nonNegative(id.substring(0, colon)), id.substring(colon + 1));
                }
                return new Checkpoint(from == null || from.isBlank() ? -1 : nonNegative(from), "");
            } catch (IllegalArgumentException e) {
                throw new WebException(
                        WebError.BAD_REQUEST,
                        "a checkpoint is <block>:<transaction id> (an event's id), and from a"
                                + " block number");
            }
        }

        private static long nonNegative(final String s) {
            long n = Long.parseLong(s);
            if (n < 0) {
                throw new IllegalArgumentException();
            }
            return n;
        }
    }

    /** Streams to {@code client} until it goes away or the server stops. */
    void stream(final SseClient client, final Checkpoint from) {
        if (!slots.tryAcquire()) {
            client.sendEvent(
                    "error",
                    "{\"error\":\"NETWORK_UNAVAILABLE\",\"message\":\"too many"
                            + " event streams; try again later\"}");
            client.close();
            return;
        }
        client.keepAlive();
        var builder = master.newChaincodeEventsRequest(chaincode);
        if (from.block() >= 0) {
            builder.startBlock(from.block());
        }
        CloseableIterator<ChaincodeEvent> events = builder.build().getEvents();
        client.onClose(events::close);
        threads.submit(
                () -> {
                    boolean skipping = !from.afterTx().isEmpty();
                    try {
                        client.sendComment("streaming master events");
                        while (!client.terminated() && events.hasNext()) {
                            ChaincodeEvent e = events.next();
                            if (skipping) {
                                // still inside the checkpoint's block, at or before its tx
                                if (e.getBlockNumber() == from.block()) {
                                    skipping = !e.getTransactionId().equals(from.afterTx());
                                    continue;
                                }
                                skipping = false;
                            }
                            client.sendEvent(
                                    e.getEventName(),
                                    toJson(e).toString(),
                                    e.getBlockNumber() + ":" + e.getTransactionId());
                        }
                    } catch (RuntimeException ex) {
                        if (!client.terminated()) {
                            client.sendEvent(
                                    "error",
                                    "{\"error\":\"NETWORK_UNAVAILABLE\",\"message\":\"the event"
                                            + " stream from the peer broke; reconnect with"
                                            + " Last-Event-ID\"}");
                        }
                    } finally {
                        events.close();
                        slots.release();
                        client.close();
                    }
                });
    }

    static JsonObject toJson(final ChaincodeEvent e) {
        JsonObject o = new JsonObject();
        o.addProperty("block", e.getBlockNumber());
        o.addProperty("txId", e.getTransactionId());
        o.addProperty("event", e.getEventName());
        String payload = new String(e.getPayload(), StandardCharsets.UTF_8);
        try {
            o.add("payload", JsonParser.parseString(payload));
        } catch (RuntimeException notJson) {
            o.addProperty("payload", payload);
        }
        return o;
    }

    public void close() {
        threads.shutdownNow();
    }
}
