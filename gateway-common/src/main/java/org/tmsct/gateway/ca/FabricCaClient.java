package org.tmsct.gateway.ca;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.hyperledger.fabric.client.identity.Signer;
import org.tmsct.gateway.config.ConfigException;

/**
 * The few calls of a Fabric CA server's REST API that TMSCT needs: enrol with a CSR made where the
 * key lives (the CA never sees a private key), re-enrol, and, as a registrar, register, revoke,
 * generate the CRL and list identities. Registrar calls carry Fabric CA's token: the caller's
 * certificate and its signature over the method, path, body and certificate.
 */
public final class FabricCaClient {

    /** One attribute of a registration; {@code ecert} puts it into the enrolment certificate. */
    /**
     * The signing profile scripts/ca.sh adds to every CA: certificates that end within a minute.
     */
    public static final String SHORT_LIVED = "shortlived";

    public record Attribute(String name, String value, boolean ecert) {}

    /** An identity as the CA lists it. */
    public record IdentityInfo(String id, String type, Map<String, String> attributes) {}

    /** A registrar: its enrolment certificate (PEM) and a signer with its private key. */
    public record Registrar(String certificatePem, Signer signer) {}

    private static final Gson GSON = new Gson();
    private final String url;
    private final String caName;
    private final HttpClient http;

    public FabricCaClient(final String url, final String caName, final Path tlsRootCert) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.caName = caName;
        this.http =
                HttpClient.newBuilder()
                        .sslContext(trusting(tlsRootCert))
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
    }

    /** Enrols with a secret: returns the issued certificate (PEM) for the CSR (PEM). */
    public String enroll(final String id, final String secret, final String csrPem) {
        return enroll(id, secret, csrPem, (Instant) null);
    }

    /**
     * As {@link #enroll(String, String, String)}, for a certificate that becomes valid only at
     * {@code notBefore} (null: at once), e.g. one issued ahead of a shift. Fabric CA fixes the end
     * of validity from its signing profile and honours a start it is asked for.
     */
    public String enroll(
            final String id, final String secret, final String csrPem, final Instant notBefore) {
        JsonObject body = new JsonObject();
        body.addProperty("certificate_request", csrPem);
        body.addProperty("caname", caName);
        if (notBefore != null) {
            // the CA reads cfssl's SignRequest, whose NotBefore carries no JSON name of its own
            body.addProperty("NotBefore", notBefore.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        String basic =
                Base64.getEncoder()
                        .encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        JsonObject result = call("POST", "/api/v1/enroll", body, "Basic " + basic);
        return certificate(result);
    }

    /** Re-enrols the registrar's own identity with a new CSR (renewal before expiry). */
    public String reenroll(final Registrar self, final String csrPem) {
        JsonObject body = new JsonObject();
        body.addProperty("certificate_request", csrPem);
        body.addProperty("caname", caName);
        return certificate(signedCall(self, "POST", "/api/v1/reenroll", body));
    }

    /**
     * Registers an identity; returns its enrolment secret (the given one, or one the CA made).
     * {@code maxEnrollments} 0 leaves the CA's default.
     */
    public String register(
            final Registrar registrar,
            final String id,
            final String type,
            final String secret,
            final int maxEnrollments,
            final List<Attribute> attributes) {
        JsonObject body = new JsonObject();
        body.addProperty("id", id);
        body.addProperty("type", type);
        if (secret != null) {
            body.addProperty("secret", secret);
        }
        if (maxEnrollments != 0) {
            body.addProperty("max_enrollments", maxEnrollments);
        }
        body.addProperty("caname", caName);
        JsonArray attrs = new JsonArray();
        for (Attribute a : attributes) {
            JsonObject o = new JsonObject();
            o.addProperty("name", a.name());
            o.addProperty("value", a.value());
            o.addProperty("ecert", a.ecert());
            attrs.add(o);
        }
        body.add("attrs", attrs);
        JsonObject result = signedCall(registrar, "POST", "/api/v1/register", body);
        return result.get("secret").getAsString();
    }

    /**
     * Revokes every certificate of an identity and returns the CA's new CRL (PEM), generated in the
     * same call.
     */
    public String revoke(final Registrar registrar, final String id, final String reason) {
        JsonObject body = new JsonObject();
        body.addProperty("id", id);
        body.addProperty("reason", reason);
        body.addProperty("gencrl", true);
        body.addProperty("caname", caName);
        JsonObject result = signedCall(registrar, "POST", "/api/v1/revoke", body);
        return crlPem(result);
    }

    /** The CA's current CRL (PEM). */
    public String crl(final Registrar registrar) {
        JsonObject body = new JsonObject();
        body.addProperty("caname", caName);
        return crlPem(signedCall(registrar, "POST", "/api/v1/gencrl", body));
    }

    /** The identities the registrar may see. */
    public List<IdentityInfo> identities(final Registrar registrar) {
        JsonObject result = signedCall(registrar, "GET", "/api/v1/identities?ca=" + caName, null);
        List<IdentityInfo> out = new ArrayList<>();
        JsonElement ids = result.get("identities");
        if (ids == null || ids.isJsonNull()) {
            return out;
        }
        for (JsonElement e : ids.getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            Map<String, String> attrs = new java.util.TreeMap<>();
            JsonElement list = o.get("attrs");
            if (list != null && list.isJsonArray()) {
                for (JsonElement a : list.getAsJsonArray()) {
                    attrs.put(
                            a.getAsJsonObject().get("name").getAsString(),
                            a.getAsJsonObject().get("value").getAsString());
                }
            }
            out.add(
                    new IdentityInfo(
                            o.get("id").getAsString(), o.get("type").getAsString(), attrs));
        }
        return out;
    }

    private JsonObject signedCall(
            final Registrar registrar,
            final String method,
            final String path,
            final JsonObject body) {
        byte[] bodyBytes =
                body == null ? new byte[0] : GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        return call(method, path, bodyBytes, token(registrar, method, path, bodyBytes));
    }

    /**
     * Fabric CA's authorisation token: base64(cert) "." base64(ECDSA signature, low S, over SHA-256
     * of method.b64(path).b64(body).b64(cert)).
     */
    static String token(
            final Registrar registrar, final String method, final String path, final byte[] body) {
        Base64.Encoder b64 = Base64.getEncoder();
        String cert =
                b64.encodeToString(registrar.certificatePem().getBytes(StandardCharsets.UTF_8));
        String payload =
                method
                        + "."
                        + b64.encodeToString(path.getBytes(StandardCharsets.UTF_8))
                        + "."
                        + b64.encodeToString(body)
                        + "."
                        + cert;
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(payload.getBytes(StandardCharsets.UTF_8));
            return cert + "." + b64.encodeToString(registrar.signer().sign(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot sign a Fabric CA request: " + e.getMessage(), e);
        }
    }

    private JsonObject call(
            final String method, final String path, final JsonObject body, final String auth) {
        return call(method, path, GSON.toJson(body).getBytes(StandardCharsets.UTF_8), auth);
    }

    private JsonObject call(
            final String method, final String path, final byte[] body, final String auth) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", auth)
                        .header("Content-Type", "application/json");
        request =
                "GET".equals(method)
                        ? request.GET()
                        : request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CaException(
                    "the Fabric CA at "
                            + url
                            + " cannot be reached: "
                            + (e.getMessage() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getMessage())
                            + " (is it running? scripts/ca.sh status)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaException("interrupted while calling the Fabric CA at " + url);
        }
        JsonObject answer;
        try {
            answer = JsonParser.parseString(response.body()).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new CaException(
                    "the Fabric CA at "
                            + url
                            + " answered HTTP "
                            + response.statusCode()
                            + " without JSON");
        }
        if (!answer.has("success") || !answer.get("success").getAsBoolean()) {
            throw new CaException(errors(answer, response.statusCode()));
        }
        return answer.getAsJsonObject("result");
    }

    private static String errors(final JsonObject answer, final int status) {
        StringBuilder sb =
                new StringBuilder("the Fabric CA refused the request (HTTP " + status + ")");
        JsonElement errors = answer.get("errors");
        if (errors != null && errors.isJsonArray()) {
            for (JsonElement e : errors.getAsJsonArray()) {
                JsonObject o = e.getAsJsonObject();
                sb.append(": ").append(o.has("message") ? o.get("message").getAsString() : o);
                if (o.has("code")) {
                    sb.append(" (code ").append(o.get("code").getAsInt()).append(')');
                }
            }
        }
        return sb.toString();
    }

    private static String certificate(final JsonObject result) {
        return new String(
                Base64.getDecoder().decode(result.get("Cert").getAsString()),
                StandardCharsets.UTF_8);
    }

    private static String crlPem(final JsonObject result) {
        return new String(
                Base64.getDecoder().decode(result.get("CRL").getAsString()),
                StandardCharsets.UTF_8);
    }

    private static SSLContext trusting(final Path root) {
        try (InputStream in = Files.newInputStream(root)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(
                    "cannot read the Fabric CA's TLS root certificate "
                            + root
                            + ": "
                            + e.getMessage());
        }
    }
}
