package org.tmsct.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.web.auth.TestPki.AUDIENCE;
import static org.tmsct.web.auth.TestPki.NOW;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tmsct.core.login.LoginSigner;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;

class StaffLoginTest {
    private static final TestPki.Ca ORG1 = TestPki.rootCa("Org1MSP", "org1.example.com");
    private static final TestPki.Ca ORG2 = TestPki.rootCa("Org2MSP", "org2.example.com");
    private static final TestPki.Identity USER1 = ORG1.issue("user1", "client");
    private static final TestPki.Identity USER2 = ORG1.issue("user2", "client");
    private static final TestPki.Identity ADMIN = ORG1.issue("Admin", "admin");
    private static final TestPki.Identity PEER = ORG1.issue("peer0", "peer");

    private MutableClock clock;
    private StaffLogin login;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        login = new StaffLogin(new TrustedOrgs(List.of(ORG1.org(), ORG2.org())), AUDIENCE, clock);
    }

    private static void fails(final WebError expected, final Executable call) {
        final WebException e = assertThrows(WebException.class, call);
        assertEquals(expected, e.error, e.getMessage());
    }

    private void fails(final WebError expected, final String body) {
        fails(expected, () -> login.login(body));
    }

    /** {@code body} with one member replaced (or removed if {@code value} is null). */
    private static String with(final String body, final String member, final JsonElement value) {
        final JsonObject o = JsonParser.parseString(body).getAsJsonObject();
        if (value == null) {
            o.remove(member);
        } else {
            o.add(member, value);
        }
        return o.toString();
    }

    /** A login body built by hand: any nonce, any signature key. */
    private static String signed(
            final KeyPair key,
            final String pem,
            final String audience,
            final long ts,
            final String nonce)
            throws Exception {
        final Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key.getPrivate());
        s.update(LoginSigner.message(audience, ts, nonce));
        final JsonObject o = new JsonObject();
        o.addProperty("certificate", pem);
        o.addProperty("timestamp", ts);
        o.addProperty("nonce", nonce);
        o.addProperty("signature", Base64.getEncoder().encodeToString(s.sign()));
        return o.toString();
    }

    private static String nonceOf(final int bytes) {
        final byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    // ---- who logs in

    @Test
    void userOfATrustedOrganisationLogsIn() {
        final Staff staff = login.login(USER1.loginBody());
        assertEquals(
                new Staff("Org1MSP", "user1", false, USER1.cert().getNotAfter().toInstant()),
                staff);
    }

    @Test
    void adminLogsInAsAdmin() {
        final Staff staff = login.login(ADMIN.loginBody());
        assertEquals("Org1MSP", staff.mspId());
        assertEquals("Admin", staff.name());
        assertTrue(staff.admin());
    }

    @Test
    void userOfTheOtherOrganisationLogsInAsItsStaff() {
        final Staff staff = login.login(ORG2.issue("bob", "client").loginBody());
        assertEquals("Org2MSP", staff.mspId());
        assertEquals("bob", staff.name());
    }

    @Test
    void cryptogenSubjectWithOneRdnPerOuLogsIn() {
        final X500Name subject =
                new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.C, "US")
                        .addRDN(BCStyle.L, "San Francisco")
                        .addRDN(BCStyle.OU, "admin")
                        .addRDN(BCStyle.CN, "Admin@org1.example.com")
                        .build();
        final TestPki.Identity admin =
                ORG1.issue(subject, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
        final Staff staff = login.login(admin.loginBody());
        assertEquals("Admin@org1.example.com", staff.name());
        assertTrue(staff.admin());
    }

    @Test
    void userUnderAnIntermediateCaLogsIn() {
        final TestPki.Ca root = TestPki.rootCa("Org3MSP", "org3.example.com");
        final TestPki.Ca ica =
                TestPki.intermediateCa(root, "ica.org3.example.com", NOW.plus(Duration.ofDays(99)));
        final TestPki.Identity user = ica.issue("carol", "client");
        final StaffLogin withIca =
                new StaffLogin(
                        new TrustedOrgs(
                                List.of(
                                        new TrustedOrgs.Org(
                                                "Org3MSP",
                                                List.of(root.cert()),
                                                List.of(ica.cert()),
                                                List.of()))),
                        AUDIENCE,
                        clock);
        assertEquals("Org3MSP", withIca.login(user.loginBody()).mspId());

        // without the intermediate, the root alone did not sign it
        final StaffLogin rootOnly =
                new StaffLogin(new TrustedOrgs(List.of(root.org())), AUDIENCE, clock);
        fails(WebError.CERT_UNTRUSTED, () -> rootOnly.login(user.loginBody()));
    }

    @Test
    void expiredOrRevokedIntermediateStopsItsUsers() {
        final TestPki.Ca root = TestPki.rootCa("Org3MSP", "org3.example.com");
        final TestPki.Ca old =
                TestPki.intermediateCa(root, "old.org3.example.com", NOW.minus(Duration.ofDays(1)));
        final TestPki.Ca ica =
                TestPki.intermediateCa(root, "ica.org3.example.com", NOW.plus(Duration.ofDays(99)));
        final TrustedOrgs orgs =
                new TrustedOrgs(
                        List.of(
                                new TrustedOrgs.Org(
                                        "Org3MSP",
                                        List.of(root.cert()),
                                        List.of(old.cert(), ica.cert()),
                                        List.of(root.crl(ica.cert())))));
        final StaffLogin l = new StaffLogin(orgs, AUDIENCE, clock);
        // the user's own certificate is still valid: its CA's is not
        final TestPki.Identity underOld =
                old.issue(
                        TestPki.fabricSubject("dan", "client"),
                        NOW.minus(Duration.ofDays(2)),
                        NOW.plus(Duration.ofDays(30)));
        fails(WebError.CERT_EXPIRED, () -> l.login(underOld.loginBody()));
        fails(WebError.CERT_REVOKED, () -> l.login(ica.issue("erin", "client").loginBody()));
    }

    // ---- certificates that are not trusted

    @Test
    void selfSignedCopyOfARealUserIsUntrusted() {
        final KeyPair key = TestPki.ecKey();
        final X500Name subject =
                X500Name.getInstance(USER1.cert().getSubjectX500Principal().getEncoded());
        final X509Certificate forged =
                TestPki.certificate(
                        subject,
                        key.getPrivate(),
                        subject,
                        key.getPublic(),
                        NOW.minus(Duration.ofDays(1)),
                        NOW.plus(Duration.ofDays(1)),
                        false);
        fails(WebError.CERT_UNTRUSTED, TestPki.identity(key, forged).loginBody());
    }

    @Test
    void certificateNamingTheRealCaButSignedByAnotherKeyIsUntrusted() {
        final KeyPair attacker = TestPki.ecKey();
        final KeyPair key = TestPki.ecKey();
        final X509Certificate forged =
                TestPki.certificate(
                        ORG1.name(),
                        attacker.getPrivate(),
                        TestPki.fabricSubject("user1", "admin"),
                        key.getPublic(),
                        NOW.minus(Duration.ofDays(1)),
                        NOW.plus(Duration.ofDays(1)),
                        false);
        fails(WebError.CERT_UNTRUSTED, TestPki.identity(key, forged).loginBody());
    }

    @Test
    void certificateOfAnUnknownCaIsUntrusted() {
        final TestPki.Ca unknown = TestPki.rootCa("Org9MSP", "org9.example.com");
        fails(WebError.CERT_UNTRUSTED, unknown.issue("user1", "client").loginBody());
    }

    @Test
    void unknownCaWithTheSameNameAsATrustedOneIsUntrusted() {
        final TestPki.Ca twin = TestPki.rootCa("Org1MSP", "org1.example.com");
        fails(WebError.CERT_UNTRUSTED, twin.issue("user1", "client").loginBody());
    }

    @Test
    void expiredCertificateOfTheTrustedCa() {
        final TestPki.Identity expired =
                ORG1.issue(
                        TestPki.fabricSubject("old", "client"),
                        NOW.minus(Duration.ofDays(400)),
                        NOW.minus(Duration.ofDays(35)));
        fails(WebError.CERT_EXPIRED, expired.loginBody());
        final TestPki.Identity notYet =
                ORG1.issue(
                        TestPki.fabricSubject("early", "client"),
                        NOW.plus(Duration.ofDays(1)),
                        NOW.plus(Duration.ofDays(400)));
        fails(WebError.CERT_EXPIRED, notYet.loginBody());
    }

    @Test
    void revokedCertificateIsRefusedAndTheOthersOfItsOrganisationLogIn() {
        final StaffLogin l =
                new StaffLogin(
                        new TrustedOrgs(List.of(ORG1.org(ORG1.crl(USER2.cert())), ORG2.org())),
                        AUDIENCE,
                        clock);
        fails(WebError.CERT_REVOKED, () -> l.login(USER2.loginBody()));
        assertEquals("user1", l.login(USER1.loginBody()).name());
    }

    @Test
    void revocationAfterStartTakesEffectOnTheNextLogin() {
        final TrustedOrgs orgs = new TrustedOrgs(List.of(ORG1.org(), ORG2.org()));
        final StaffLogin l = new StaffLogin(orgs, AUDIENCE, clock);
        l.login(USER2.loginBody());
        orgs.replaceCrls("Org1MSP", List.of(ORG1.crl(USER2.cert())));
        fails(WebError.CERT_REVOKED, () -> l.login(USER2.loginBody()));
    }

    @Test
    void anotherCasCrlDoesNotRevoke() {
        // Org2's CA lists the serial of Org1's user: only Org1's CA can revoke it
        final StaffLogin l =
                new StaffLogin(
                        new TrustedOrgs(List.of(ORG1.org(), ORG2.org(ORG2.crl(USER1.cert())))),
                        AUDIENCE,
                        clock);
        assertEquals("user1", l.login(USER1.loginBody()).name());
    }

    @Test
    void onlyTheIssuingCasCrlRevokes() {
        // serials are unique per CA only: the root listing this serial means one of its own
        final TestPki.Ca root = TestPki.rootCa("Org3MSP", "org3.example.com");
        final TestPki.Ca ica =
                TestPki.intermediateCa(root, "ica.org3.example.com", NOW.plus(Duration.ofDays(99)));
        final TestPki.Identity user = ica.issue("carol", "client");
        final StaffLogin l =
                new StaffLogin(
                        new TrustedOrgs(
                                List.of(
                                        new TrustedOrgs.Org(
                                                "Org3MSP",
                                                List.of(root.cert()),
                                                List.of(ica.cert()),
                                                List.of(root.crl(user.cert()))))),
                        AUDIENCE,
                        clock);
        assertEquals("carol", l.login(user.loginBody()).name());
    }

    // ---- who may not log in

    @Test
    void peerOrdererAndCaCertificatesAreForbidden() {
        fails(WebError.FORBIDDEN, PEER.loginBody());
        fails(WebError.FORBIDDEN, ORG1.issue("orderer1", "orderer").loginBody());
        fails(WebError.FORBIDDEN, TestPki.identity(ORG1.key(), ORG1.cert()).loginBody());
        // a CA certificate stays a CA even with a client OU in its subject
        final KeyPair key = TestPki.ecKey();
        final X509Certificate subCa =
                TestPki.certificate(
                        ORG1.name(),
                        ORG1.key().getPrivate(),
                        TestPki.fabricSubject("sub-ca", "client"),
                        key.getPublic(),
                        NOW.minus(Duration.ofDays(1)),
                        NOW.plus(Duration.ofDays(1)),
                        true);
        fails(WebError.FORBIDDEN, TestPki.identity(key, subCa).loginBody());
    }

    @Test
    void noNodeOuOrTwoNodeOusAreForbidden() {
        final Instant from = NOW.minus(Duration.ofDays(1));
        final Instant to = NOW.plus(Duration.ofDays(1));
        fails(WebError.FORBIDDEN, ORG1.issue(TestPki.fabricSubject("x"), from, to).loginBody());
        fails(
                WebError.FORBIDDEN,
                ORG1.issue(TestPki.fabricSubject("y", "client", "admin"), from, to).loginBody());
        // no CN
        final X500Name noCn =
                new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.O, "Hyperledger")
                        .addRDN(BCStyle.OU, "client")
                        .build();
        fails(WebError.FORBIDDEN, ORG1.issue(noCn, from, to).loginBody());
    }

    // ---- the signed message

    @Test
    void loginForAnotherServerIsABadSignature() {
        fails(WebError.BAD_SIGNATURE, USER1.loginBody("http://127.0.0.1:7062", NOW));
        fails(WebError.BAD_SIGNATURE, USER1.loginBody("https://127.0.0.1:7061", NOW));
    }

    @Test
    void tamperedTimestampOrNonceIsABadSignature() {
        final String body = USER1.loginBody();
        final long ts = NOW.toEpochMilli();
        fails(WebError.BAD_SIGNATURE, with(body, "timestamp", new JsonPrimitive(ts + 1)));
        fails(WebError.BAD_SIGNATURE, with(body, "nonce", new JsonPrimitive(nonceOf(32))));
        // the untouched body is still good: the failures did not burn its nonce
        assertEquals("user1", login.login(body).name());
    }

    @Test
    void signatureByAnotherKeyOrGarbageIsABadSignature() throws Exception {
        // someone with user1's certificate (it is public) but not its key
        fails(
                WebError.BAD_SIGNATURE,
                signed(TestPki.ecKey(), USER1.pem(), AUDIENCE, NOW.toEpochMilli(), nonceOf(32)));
        fails(
                WebError.BAD_SIGNATURE,
                with(USER1.loginBody(), "signature", new JsonPrimitive("AAAA")));
        fails(WebError.BAD_SIGNATURE, with(USER1.loginBody(), "signature", new JsonPrimitive("")));
    }

    @Test
    void timestampMoreThan120sAwayIsStale() {
        fails(WebError.STALE_LOGIN, USER1.loginBody(AUDIENCE, NOW.minusSeconds(121)));
        fails(WebError.STALE_LOGIN, USER1.loginBody(AUDIENCE, NOW.plusSeconds(121)));
        login.login(USER1.loginBody(AUDIENCE, NOW.minusSeconds(120)));
        login.login(USER1.loginBody(AUDIENCE, NOW.plusSeconds(120)));
    }

    @Test
    void sameBodyTwiceIsReplayed() {
        final String body = USER1.loginBody();
        login.login(body);
        fails(WebError.REPLAYED, body);
        // still refused as long as it could be fresh, then stale
        clock.advance(Duration.ofSeconds(119));
        fails(WebError.REPLAYED, body);
        clock.advance(Duration.ofSeconds(2));
        fails(WebError.STALE_LOGIN, body);
    }

    @Test
    void aRefusedLoginDoesNotUseUpItsNonce() {
        final String body = USER1.loginBody();
        clock.advance(Duration.ofSeconds(200));
        fails(WebError.STALE_LOGIN, body);
        clock.set(NOW);
        login.login(body);
    }

    @Test
    void whenTheNonceMemoryIsFullAForgottenLoginIsStillNotReplayable() {
        final StaffLogin small =
                new StaffLogin(new TrustedOrgs(List.of(ORG1.org())), AUDIENCE, clock, 2);
        final String first = USER1.loginBody(AUDIENCE, NOW.minusMillis(3));
        small.login(first);
        small.login(USER1.loginBody(AUDIENCE, NOW.minusMillis(2)));
        small.login(USER1.loginBody(AUDIENCE, NOW.minusMillis(1))); // forgets the first
        fails(WebError.REPLAYED, () -> small.login(first));
        small.login(USER1.loginBody(AUDIENCE, NOW));
    }

    @Test
    void checksComeInTheDocumentedOrder() throws Exception {
        final String untrusted =
                TestPki.rootCa("Org9MSP", "org9.example.com").issue("u", "peer").loginBody();
        fails(WebError.CERT_UNTRUSTED, with(untrusted, "timestamp", new JsonPrimitive(1)));
        final TestPki.Identity expiredPeer =
                ORG1.issue(
                        TestPki.fabricSubject("p", "peer"),
                        NOW.minus(Duration.ofDays(9)),
                        NOW.minus(Duration.ofDays(1)));
        fails(WebError.CERT_EXPIRED, expiredPeer.loginBody());
        fails(WebError.FORBIDDEN, PEER.loginBody(AUDIENCE, NOW.minusSeconds(999)));
        fails(WebError.STALE_LOGIN, signed(TestPki.ecKey(), USER1.pem(), AUDIENCE, 5, nonceOf(16)));
    }

    // ---- the body itself

    @Test
    void malformedJsonIsBadJson() {
        fails(WebError.BAD_JSON, (String) null);
        fails(WebError.BAD_JSON, "");
        fails(WebError.BAD_JSON, "{");
        fails(WebError.BAD_JSON, "not json");
        fails(WebError.BAD_JSON, "[]");
        fails(WebError.BAD_JSON, "\"x\"");
        fails(WebError.BAD_JSON, "{certificate: 'x'}");
        final String body = USER1.loginBody();
        fails(WebError.BAD_JSON, body + "{}");
        fails(WebError.BAD_JSON, body.substring(0, body.length() - 1));
    }

    @Test
    void missingOrExtraOrDuplicateMembersAreBadJson() {
        final String body = USER1.loginBody();
        for (String m : List.of("certificate", "timestamp", "nonce", "signature")) {
            fails(WebError.BAD_JSON, with(body, m, null));
        }
        fails(WebError.BAD_JSON, "{}");
        fails(WebError.BAD_JSON, with(body, "admin", new JsonPrimitive(true)));
        fails(WebError.BAD_JSON, body.replaceFirst("\\{", "{\"timestamp\":1,"));
    }

    @Test
    void membersOfTheWrongTypeAreBadJson() {
        final String body = USER1.loginBody();
        final String ts = Long.toString(NOW.toEpochMilli());
        fails(WebError.BAD_JSON, with(body, "timestamp", new JsonPrimitive(ts)));
        fails(
                WebError.BAD_JSON,
                with(body, "timestamp", new JsonPrimitive(NOW.toEpochMilli() + 0.5)));
        fails(WebError.BAD_JSON, with(body, "timestamp", new JsonPrimitive(-1)));
        fails(WebError.BAD_JSON, body.replace(ts, ts.charAt(0) + "." + ts.substring(1) + "e12"));
        fails(
                WebError.BAD_JSON,
                with(
                        body,
                        "timestamp",
                        new JsonPrimitive(new java.math.BigInteger("99999999999999999999"))));
        fails(WebError.BAD_JSON, with(body, "nonce", new JsonPrimitive(7)));
        fails(WebError.BAD_JSON, with(body, "certificate", new JsonObject()));
        fails(WebError.BAD_JSON, with(body, "signature", JsonNull.INSTANCE));
        fails(WebError.BAD_JSON, with(body, "signature", new JsonPrimitive("not base64!")));
    }

    @Test
    void nonceMustBeBase64urlOf16To64Bytes() throws Exception {
        final long ts = NOW.toEpochMilli();
        fails(WebError.BAD_JSON, signed(USER1.key(), USER1.pem(), AUDIENCE, ts, nonceOf(15)));
        fails(WebError.BAD_JSON, signed(USER1.key(), USER1.pem(), AUDIENCE, ts, nonceOf(65)));
        fails(
                WebError.BAD_JSON,
                signed(USER1.key(), USER1.pem(), AUDIENCE, ts, "a+b/" + nonceOf(18)));
        fails(
                WebError.BAD_JSON,
                signed(USER1.key(), USER1.pem(), AUDIENCE, ts, nonceOf(17) + "=="));
        login.login(signed(USER1.key(), USER1.pem(), AUDIENCE, ts, nonceOf(16)));
        login.login(signed(USER1.key(), USER1.pem(), AUDIENCE, ts, nonceOf(64)));
    }

    @Test
    void certificateThatIsNotOnePemCertificateIsBadJson() {
        final String body = USER1.loginBody();
        for (String pem :
                List.of(
                        "",
                        "hello",
                        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                        USER1.pem() + USER2.pem(),
                        "junk\n" + USER1.pem(),
                        USER1.pem().replace("CERTIFICATE", "PUBLIC KEY"),
                        TestPki.pem(USER1.key().getPrivate()))) {
            final WebException e =
                    assertThrows(
                            WebException.class,
                            () -> login.login(with(body, "certificate", new JsonPrimitive(pem))));
            assertEquals(WebError.BAD_JSON, e.error);
            assertTrue(e.getMessage().contains("certificate"), e.getMessage());
        }
    }

    @Test
    void bodyOver16KiBIsTooLarge() {
        fails(WebError.PAYLOAD_TOO_LARGE, "{" + " ".repeat(20 * 1024) + "}");
        // counted in UTF-8 bytes, not chars: 6,000 chars of 3 bytes each
        fails(WebError.PAYLOAD_TOO_LARGE, "\"" + "€".repeat(6000) + "\"");
        // exactly 16 KiB is allowed
        final String body = USER1.loginBody();
        final String padded =
                body + " ".repeat(16 * 1024 - body.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(16 * 1024, padded.getBytes(StandardCharsets.UTF_8).length);
        assertEquals("user1", login.login(padded).name());
        fails(WebError.PAYLOAD_TOO_LARGE, padded + " ");
    }

    @Test
    void audienceMustBeOneLine() {
        final TrustedOrgs orgs = new TrustedOrgs(List.of(ORG1.org()));
        assertThrows(IllegalArgumentException.class, () -> new StaffLogin(orgs, "", clock));
        assertThrows(
                IllegalArgumentException.class,
                () -> new StaffLogin(orgs, "http://a\nhttp://b", clock));
    }

    @Test
    void loginSignerBodyHasExactlyTheFourMembers() {
        final JsonObject o = JsonParser.parseString(USER1.loginBody()).getAsJsonObject();
        assertEquals(
                List.of("certificate", "timestamp", "nonce", "signature"), List.copyOf(o.keySet()));
        assertEquals(NOW.toEpochMilli(), o.get("timestamp").getAsLong());
        assertEquals(43, o.get("nonce").getAsString().length());
        assertFalse(USER1.loginBody().contains("\\u003d"));
    }

    @Test
    void nonceCacheForgetsAfterItsMemoryAndStaysBounded() {
        final NonceCache c = new NonceCache(600_000, 3);
        assertTrue(c.firstUse("a", 100, 1_000));
        assertFalse(c.firstUse("a", 100, 1_000));
        assertTrue(c.firstUse("b", 200, 2_000));
        assertTrue(c.firstUse("c", 300, 3_000));
        assertTrue(c.firstUse("d", 400, 4_000)); // "a" forgotten early
        assertEquals(3, c.size());
        assertFalse(c.firstUse("a", 100, 5_000)); // its timestamp is not after the forgotten one
        assertTrue(c.firstUse("e", 101, 5_000));
        // ten minutes on, everything has expired and is dropped
        assertTrue(c.firstUse("b", 9_000, 2_000 + 600_000 + 5_000));
        assertEquals(1, c.size());
    }
}
