package org.tmsct.web.api;

import com.google.gson.JsonObject;
import org.tmsct.web.WebError;

/** The body of every API error: a stable code to match on, and a message for people. */
public final class ErrorBody {
    private final String error;
    private final String message;

    public ErrorBody(final WebError error, final String message) {
        this.error = error.name();
        this.message = message;
    }

    /** One of {@link WebError}'s names. */
    public String getError() {
        return error;
    }

    public String getMessage() {
        return message;
    }

    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("error", error);
        o.addProperty("message", message);
        return o.toString();
    }
}
