package org.tmsct.web.page;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/** The operations view of one organisation: its relay's health, refused records, devices. */
final class AdminPage {

    private AdminPage() {}

    static String render(
            Viewer viewer,
            String org,
            JsonObject relayHealth,
            JsonArray rejected,
            JsonArray devices) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<h1>Operations: ").append(Html.text(org)).append("</h1>\n");
        relay(h, relayHealth);
        rejected(h, JsonView.objects(rejected));
        devices(h, JsonView.objects(devices));
        return Layout.page("Operations: " + org, viewer, h.toString());
    }

    private static void relay(StringBuilder h, JsonObject health) {
        h.append("<section id=\"admin-relay\" aria-labelledby=\"admin-relay-title\">\n")
                .append("<h2 id=\"admin-relay-title\">Anchor relay</h2>\n");
        if (health == null) {
            h.append("<p class=\"status status-bad\"><strong>UNHEALTHY:</strong> the relay did")
                    .append(" not answer its health check.</p>\n</section>\n");
            return;
        }
        boolean healthy = JsonView.bool(health, "healthy");
        String status = JsonView.str(health, "status");
        h.append("<p class=\"status ")
                .append(healthy ? "status-ok" : "status-bad")
                .append("\"><strong>")
                .append(healthy ? "HEALTHY" : "UNHEALTHY")
                .append("</strong>");
        if (status != null) {
            h.append(" (").append(Html.text(status)).append(')');
        }
        h.append("</p>\n").append(Layout.dl(health, "health")).append("</section>\n");
    }

    /** Records master refused (slave GetRejectedRecords): what, where, and master's reason. */
    private static void rejected(StringBuilder h, List<JsonObject> records) {
        h.append("<section id=\"admin-rejected\" aria-labelledby=\"admin-rejected-title\">\n")
                .append("<h2 id=\"admin-rejected-title\">Rejected records</h2>\n");
        if (records.isEmpty()) {
            h.append("<p>Master has refused no record of this channel.</p>\n</section>\n");
            return;
        }
        h.append("<div class=\"table-wrap\">\n<table>\n<thead><tr>")
                .append("<th scope=\"col\">Trace code</th><th scope=\"col\">Stage</th>")
                .append("<th scope=\"col\">Device</th><th scope=\"col\">Recorded</th>")
                .append("<th scope=\"col\">Code</th><th scope=\"col\">Reason</th>")
                .append("<th scope=\"col\">Transaction</th></tr></thead>\n<tbody>\n");
        for (JsonObject r : records) {
            long at = JsonView.num(r, "txTimestamp", -1);
            h.append("<tr><td><a href=\"")
                    .append(Html.attr(Links.page(JsonView.str(r, "tid"))))
                    .append("\">")
                    .append(Html.text(JsonView.str(r, "tid")))
                    .append("</a></td><td>")
                    .append(Html.text(JsonView.str(r, "stage")))
                    .append("</td><td>")
                    .append(Html.text(JsonView.str(r, "deviceId")))
                    .append("</td><td>")
                    .append(at >= 0 ? Layout.time(at) : "")
                    .append("</td><td>")
                    .append(Layout.code(JsonView.str(r, "rejectionCode")))
                    .append("</td><td>")
                    .append(Html.text(JsonView.str(r, "rejectionReason")))
                    .append("</td><td>")
                    .append(Layout.code(JsonView.str(r, "txId")))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /** Registered devices (slave ListDevices), revoked ones marked. */
    private static void devices(StringBuilder h, List<JsonObject> devices) {
        h.append("<section id=\"admin-devices\" aria-labelledby=\"admin-devices-title\">\n")
                .append("<h2 id=\"admin-devices-title\">Devices</h2>\n");
        if (devices.isEmpty()) {
            h.append("<p>No device is registered on this channel.</p>\n</section>\n");
            return;
        }
        h.append("<div class=\"table-wrap\">\n<table>\n<thead><tr>")
                .append("<th scope=\"col\">Device</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\">Revoked</th><th scope=\"col\">Registered by</th>")
                .append("<th scope=\"col\">Registered</th><th scope=\"col\">Key fingerprint</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (JsonObject d : devices) {
            boolean revoked = d.has("revokedTxId") || "REVOKED".equals(JsonView.str(d, "status"));
            long registered = JsonView.num(d, "registeredAt", -1);
            long revokedAt = JsonView.num(d, "revokedAt", -1);
            h.append("<tr")
                    .append(revoked ? " class=\"revoked\"" : "")
                    .append("><td>")
                    .append(Html.text(JsonView.str(d, "deviceId")))
                    .append("</td><td>")
                    .append(Html.text(JsonView.str(d, "status")))
                    .append("</td><td>")
                    .append(revoked ? "yes" : "no")
                    .append(revoked && revokedAt >= 0 ? ", " + Layout.time(revokedAt) : "")
                    .append("</td><td>")
                    .append(Html.text(JsonView.str(d, "registeredBy")))
                    .append("</td><td>")
                    .append(registered >= 0 ? Layout.time(registered) : "")
                    .append("</td><td>")
                    .append(Layout.code(JsonView.str(d, "fingerprint")))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n</section>\n");
    }
}
