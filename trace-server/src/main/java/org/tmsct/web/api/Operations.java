package org.tmsct.web.api;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.tmsct.web.chain.MasterReader;

/**
 * What an organisation's admin watches: its relay's health (the relay's own /health, lag included),
 * the records master rejected with their reasons, and its devices.
 */
public final class Operations {

    private final MasterReader chain;
    private final String relayHealthUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param relayHealthUrl the relay's /health, or null when the relay runs without it
     */
    public Operations(final MasterReader chain, final String relayHealthUrl) {
        this.chain = chain;
        this.relayHealthUrl = relayHealthUrl;
    }

    public JsonObject snapshot() {
        JsonObject out = new JsonObject();
        out.addProperty("org", chain.org().org());
        out.addProperty("slaveChannel", chain.org().slaveChannel());
        out.add("relay", relayHealth());
        out.add("rejected", chain.rejected());
        out.add("devices", chain.devices());
        return out;
    }

    /** The relay's answer, or what kept us from getting one (itself a health fact). */
    public JsonObject relayHealth() {
        if (relayHealthUrl == null) {
            return status("unknown", "the relay runs without its /health endpoint");
        }
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(relayHealthUrl))
                                    .timeout(Duration.ofSeconds(3))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
            body.addProperty("httpStatus", r.statusCode());
            return body;
        } catch (java.io.IOException | RuntimeException e) {
            return status("unreachable", relayHealthUrl + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return status("unreachable", "interrupted");
        }
    }

    private static JsonObject status(final String status, final String why) {
        JsonObject o = new JsonObject();
        o.addProperty("status", status);
        o.addProperty("healthy", false);
        o.addProperty("reason", why);
        return o;
    }
}
