package org.tmsct.core.login;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * A staff login for a trace server: the JSON body a staff member signs with their organisation's
 * certificate key, and the exact bytes signed (the server checks them in its StaffLogin).
 */
public final class LoginSigner {
    /** First line of every signed login message: a login signature is good for nothing else. */
    public static final String DOMAIN = "tmsct-staff-login";

    /** Bytes of randomness in a nonce made here (the server accepts 16 to 64). */
    public static final int NONCE_BYTES = 32;

    private LoginSigner() {}

    /**
     * The JSON login body {@code {"certificate", "timestamp", "nonce", "signature"}} for the server
     * whose origin is {@code audience} (for example {@code http://127.0.0.1:7061}), signed with
     * {@code key} (the private key of the certificate's ECDSA key pair) with SHA256withECDSA.
     */
    public static String loginBody(
            final PrivateKey key,
            final String certificatePem,
            final String audience,
            final Instant now,
            final SecureRandom random) {
        final byte[] n = new byte[NONCE_BYTES];
        random.nextBytes(n);
        final String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
        final long timestamp = now.toEpochMilli();
        final byte[] signature;
        try {
            final Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key, random);
            s.update(message(audience, timestamp, nonce));
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
        final JsonObject body = new JsonObject();
        body.addProperty("certificate", certificatePem);
        body.addProperty("timestamp", timestamp);
        body.addProperty("nonce", nonce);
        body.addProperty("signature", Base64.getEncoder().encodeToString(signature));
        // no HTML escaping: the '=' of base64 stays '=' rather than \u003d
        return new GsonBuilder().disableHtmlEscaping().create().toJson(body);
    }

    /**
     * The signed bytes: UTF-8 of {@code "tmsct-staff-login\n" + audience + "\n" + timestamp + "\n"
     * + nonce}, the timestamp in decimal.
     */
    public static byte[] message(final String audience, final long timestamp, final String nonce) {
        return (DOMAIN + "\n" + audience + "\n" + timestamp + "\n" + nonce)
                .getBytes(StandardCharsets.UTF_8);
    }
}
