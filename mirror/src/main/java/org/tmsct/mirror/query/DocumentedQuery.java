package org.tmsct.mirror.query;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tmsct.mirror.MirrorDb;

/**
 * A query of docs/sql.md: each fenced {@code sql} block that starts with {@code -- query: <name>}.
 * The page is the one source of the SQL; the module carries a copy of it (resource {@value
 * #RESOURCE}, copied at build time), so {@code tmsct mirror query} runs what the page shows.
 *
 * @param sql the block as written, its comment lines included
 */
public record DocumentedQuery(String name, String sql) {

    /** Where the build puts docs/sql.md in the jar. */
    public static final String RESOURCE = "/org/tmsct/mirror/query/sql.md";

    private static final Pattern BLOCK =
            Pattern.compile("```sql\\n(-- query: ([a-z0-9_]+)\\n.*?)```", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /** What a query answered: its column labels and each row's values as text (null for NULL). */
    public record Result(List<String> columns, List<List<String>> rows) {

        public JsonArray toJson() {
            JsonArray out = new JsonArray();
            for (List<String> row : rows) {
                JsonObject o = new JsonObject();
                for (int i = 0; i < columns.size(); i++) {
                    o.addProperty(columns.get(i), row.get(i));
                }
                out.add(o);
            }
            return out;
        }
    }

    /** Every query of a page in Markdown, in page order. */
    public static List<DocumentedQuery> parse(String markdown) {
        List<DocumentedQuery> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown.replace("\r\n", "\n"));
        while (m.find()) {
            out.add(new DocumentedQuery(m.group(2), m.group(1).strip()));
        }
        return out;
    }

    /** The queries of the docs/sql.md this module was built with. */
    public static List<DocumentedQuery> bundled() throws IOException {
        try (InputStream in = DocumentedQuery.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(
                        "this build carries no copy of docs/sql.md (" + RESOURCE + ")");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The {@code ?} placeholders outside string literals and comments. */
    public int placeholders() {
        int n = 0;
        boolean quoted = false;
        for (String line : sql.split("\n")) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (!quoted && c == '-' && line.startsWith("--", i)) {
                    break;
                } else if (c == '\'') {
                    quoted = !quoted;
                } else if (c == '?' && !quoted) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Command-line parameters as values: one that looks like a number is a {@link BigDecimal} (an
     * integer, a {@link Long}); {@code s:} before a value keeps it text.
     */
    public static List<Object> bind(List<String> given) {
        List<Object> out = new ArrayList<>();
        for (String g : given) {
            if (g.startsWith("s:")) {
                out.add(g.substring(2));
            } else if (NUMBER.matcher(g).matches()) {
                out.add(g.contains(".") ? new BigDecimal(g) : (Object) Long.valueOf(g));
            } else {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * Runs the query with {@code parameters} (String, Long or BigDecimal). Numbers are written
     * without trailing zeros, since each database gives an average another scale.
     */
    public Result run(MirrorDb db, List<Object> parameters) throws SQLException {
        if (parameters.size() != placeholders()) {
            throw new IllegalArgumentException(
                    name + " takes " + placeholders() + " parameters, got " + parameters.size());
        }
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object p = parameters.get(i);
                if (p instanceof String s) {
                    ps.setString(i + 1, s);
                } else if (p instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else {
                    ps.setBigDecimal(i + 1, (BigDecimal) p);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
                }
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        Object v = rs.getObject(i);
                        row.add(
                                v instanceof Number n
                                        ? new BigDecimal(n.toString())
                                                .stripTrailingZeros()
                                                .toPlainString()
                                        : v == null ? null : rs.getString(i));
                    }
                    rows.add(row);
                }
                return new Result(columns, rows);
            }
        }
    }
}
