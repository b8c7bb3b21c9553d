package org.tmsct.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tmsct.web.auth.TestPki.AUDIENCE;
import static org.tmsct.web.auth.TestPki.NOW;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmsct.web.WebError;
import org.tmsct.web.WebException;

class TrustedOrgsTest {
    private static final TestPki.Ca ORG1 = TestPki.rootCa("Org1MSP", "org1.example.com");
    private static final TestPki.Ca ORG2 = TestPki.rootCa("Org2MSP", "org2.example.com");
    private static final TestPki.Identity USER1 = ORG1.issue("User1", "client");
    private static final TestPki.Identity USER2 = ORG1.issue("User2", "client");

    @TempDir Path tmp;

    /** An MSP directory as fabric-ca-client writes it, key and config included. */
    private Path msp(final String name, final TestPki.Ca ca, final TestPki.Identity me)
            throws IOException {
        final Path msp = tmp.resolve(name).resolve("msp");
        Files.createDirectories(msp.resolve("cacerts"));
        Files.createDirectories(msp.resolve("signcerts"));
        Files.createDirectories(msp.resolve("keystore"));
        Files.writeString(
                msp.resolve("cacerts/localhost-7054-ca-" + name + ".pem"), TestPki.pem(ca.cert()));
        Files.writeString(msp.resolve("signcerts/cert.pem"), me.pem());
        Files.writeString(msp.resolve("keystore/priv_sk"), TestPki.pem(me.key().getPrivate()));
        Files.writeString(
                msp.resolve("config.yaml"),
                "NodeOUs:\n  Enable: true\n  ClientOUIdentifier:\n    OrganizationalUnitIdentifier: client\n");
        return msp;
    }

    private static boolean revoked(final TrustedOrgs orgs, final TestPki.Identity id) {
        final TrustedOrgs.Chain chain = orgs.chainOf(id.cert()).orElseThrow();
        return orgs.isRevoked(chain.mspId(), id.cert(), chain.path().get(1));
    }

    @Test
    void loadsEachOrganisationFromItsMspDirectory() throws Exception {
        final Map<String, Path> dirs = new LinkedHashMap<>();
        dirs.put("Org1MSP", msp("org1", ORG1, USER1));
        dirs.put("Org2MSP", msp("org2", ORG2, ORG2.issue("bob", "client")));
        final TrustedOrgs orgs = TrustedOrgs.load(dirs);
        assertEquals(List.of("Org1MSP", "Org2MSP"), List.copyOf(orgs.mspIds()));

        final TrustedOrgs.Chain chain = orgs.chainOf(USER1.cert()).orElseThrow();
        assertEquals("Org1MSP", chain.mspId());
        assertEquals(List.of(USER1.cert(), ORG1.cert()), chain.path());
        assertEquals(
                "Org2MSP", orgs.chainOf(ORG2.issue("x", "client").cert()).orElseThrow().mspId());
        assertTrue(
                orgs.chainOf(TestPki.rootCa("X", "x.example.com").issue("y", "client").cert())
                        .isEmpty());

        final StaffLogin login = new StaffLogin(orgs, AUDIENCE, Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(
                new Staff("Org1MSP", "User1", false, USER1.cert().getNotAfter().toInstant()),
                login.login(USER1.loginBody()));
    }

    @Test
    void readsIntermediatesAndCrlsWhenPresent() throws Exception {
        final TestPki.Ca ica =
                TestPki.intermediateCa(ORG1, "ica.org1.example.com", NOW.plus(Duration.ofDays(90)));
        final TestPki.Identity viaIca = ica.issue("carol", "admin");
        final Path msp = msp("org1", ORG1, USER1);
        Files.createDirectories(msp.resolve("intermediatecerts"));
        Files.writeString(
                msp.resolve("intermediatecerts/localhost-7054-ica.pem"), TestPki.pem(ica.cert()));
        Files.createDirectories(msp.resolve("crls"));
        Files.writeString(msp.resolve("crls/crl.pem"), TestPki.pem(ORG1.crl(USER2.cert())));
        final TrustedOrgs orgs = TrustedOrgs.load(Map.of("Org1MSP", msp));

        assertEquals(
                List.of(viaIca.cert(), ica.cert(), ORG1.cert()),
                orgs.chainOf(viaIca.cert()).orElseThrow().path());
        assertTrue(revoked(orgs, USER2));
        assertFalse(revoked(orgs, USER1));
    }

    @Test
    void reloadCrlsPicksUpANewRevocation() throws Exception {
        final Path msp = msp("org1", ORG1, USER1);
        final TrustedOrgs orgs = TrustedOrgs.load(Map.of("Org1MSP", msp));
        final StaffLogin login = new StaffLogin(orgs, AUDIENCE, Clock.fixed(NOW, ZoneOffset.UTC));
        login.login(USER1.loginBody());

        Files.createDirectories(msp.resolve("crls"));
        Files.writeString(msp.resolve("crls/crl.pem"), TestPki.pem(ORG1.crl(USER1.cert())));
        assertFalse(revoked(orgs, USER1)); // not until reloaded
        orgs.reloadCrls();
        assertTrue(revoked(orgs, USER1));
        final WebException e =
                assertThrows(WebException.class, () -> login.login(USER1.loginBody()));
        assertEquals(WebError.CERT_REVOKED, e.error);
        assertEquals("User2", login.login(USER2.loginBody()).name());
    }

    @Test
    void aCrlNotSignedByTheOrganisationsCaIsRefusedAndTheOldOnesStay() throws Exception {
        final Path msp = msp("org1", ORG1, USER1);
        Files.createDirectories(msp.resolve("crls"));
        Files.writeString(msp.resolve("crls/crl.pem"), TestPki.pem(ORG1.crl(USER2.cert())));
        final TrustedOrgs orgs = TrustedOrgs.load(Map.of("Org1MSP", msp));

        // a CRL with Org1's CA name but another key
        final TestPki.Ca twin = TestPki.rootCa("Org1MSP", "org1.example.com");
        Files.writeString(msp.resolve("crls/crl.pem"), TestPki.pem(twin.crl()));
        assertThrows(IllegalArgumentException.class, orgs::reloadCrls);
        assertTrue(revoked(orgs, USER2));

        assertThrows(
                IllegalArgumentException.class,
                () -> new TrustedOrgs(List.of(ORG1.org(ORG2.crl(USER1.cert())))));
        assertThrows(
                IllegalArgumentException.class,
                () -> orgs.replaceCrls("Org1MSP", List.of(ORG2.crl())));
        assertThrows(IllegalArgumentException.class, () -> orgs.replaceCrls("OrgXMSP", List.of()));
    }

    @Test
    void anMspWithoutCaCertificatesOrWithGarbageIsRefused() throws Exception {
        final Path empty = tmp.resolve("empty/msp");
        Files.createDirectories(empty.resolve("cacerts"));
        assertThrows(IOException.class, () -> TrustedOrgs.load(Map.of("Org1MSP", empty)));
        assertThrows(
                IOException.class,
                () -> TrustedOrgs.load(Map.of("Org1MSP", tmp.resolve("missing"))));

        final Path junk = msp("junk", ORG1, USER1);
        Files.writeString(junk.resolve("cacerts/junk.pem"), "not a certificate\n");
        assertThrows(IOException.class, () -> TrustedOrgs.load(Map.of("Org1MSP", junk)));

        final Path badCrl = msp("badcrl", ORG1, USER1);
        Files.createDirectories(badCrl.resolve("crls"));
        Files.writeString(badCrl.resolve("crls/crl.pem"), TestPki.pem(ORG1.cert()));
        assertThrows(IOException.class, () -> TrustedOrgs.load(Map.of("Org1MSP", badCrl)));
    }

    @Test
    void caCertificatesMustBeCasAndIntermediatesMustChainToARoot() {
        // an end-entity certificate placed in cacerts
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new TrustedOrgs(
                                List.of(
                                        new TrustedOrgs.Org(
                                                "Org1MSP",
                                                List.of(USER1.cert()),
                                                List.of(),
                                                List.of()))));
        final TestPki.Ca strayIca =
                TestPki.intermediateCa(ORG2, "ica.org2.example.com", NOW.plus(Duration.ofDays(9)));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new TrustedOrgs(
                                List.of(
                                        new TrustedOrgs.Org(
                                                "Org1MSP",
                                                List.of(ORG1.cert()),
                                                List.of(strayIca.cert()),
                                                List.of()))));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TrustedOrgs(List.of(ORG1.org(), ORG1.org())));
    }

    @Test
    void aCaNameAloneIsNotEnough() {
        final TrustedOrgs orgs = new TrustedOrgs(List.of(ORG1.org()));
        final KeyPair key = TestPki.ecKey();
        final X509Certificate forged =
                TestPki.certificate(
                        ORG1.name(),
                        key.getPrivate(),
                        TestPki.fabricSubject("mallory", "admin"),
                        key.getPublic(),
                        NOW.minus(Duration.ofDays(1)),
                        NOW.plus(Duration.ofDays(1)),
                        false);
        assertTrue(orgs.chainOf(forged).isEmpty());
        assertEquals(Set.of("Org1MSP"), orgs.mspIds());
    }
}
