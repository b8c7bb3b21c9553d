package org.tmsct.master.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.ContractError;
import org.tmsct.core.commitment.EntryAttestation;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.FieldDisclosure;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.record.AnchorEntry;
import org.tmsct.core.record.RawRecord;
import org.tmsct.master.Devices;
import org.tmsct.master.common.ErrorCodes;

class EntryVerifierTest {

    private static final String OWNER = "LogisticsOrgMSP";
    private static final String OTHER = "ProcessingOrgMSP";
    private static final long TX = Devices.SIGNED_AT.toEpochMilli() + 60_000;

    private final Map<String, Long> revocations = new HashMap<>();
    private final EntryVerifier.Trust trust = Devices.trust(Set.of(OWNER, OTHER), revocations);
    private final Devices.Device truck = Devices.device(OWNER, "truck-1");
    private final FieldCommitment commitment = commitment();

    private static FieldCommitment commitment() {
        TreeMap<String, JsonElement> fields = new TreeMap<>();
        fields.put("batch", new JsonPrimitive("B-1"));
        fields.put("location", new JsonPrimitive("Rotterdam"));
        fields.put("price", new JsonPrimitive(12.5));
        return FieldCommitment.commit(
                new RawRecord("TID-1", "LOGISTICS", fields), new SecureRandom());
    }

    private AnchorEntry entry(String location) {
        Map<String, JsonElement> kd = new TreeMap<>();
        kd.put("batch", new JsonPrimitive("B-1"));
        kd.put("location", new JsonPrimitive(location));
        return new AnchorEntry("tx-1", "TID-1", "LOGISTICS", kd, commitment.rootHex());
    }

    private EntryAttestation attest(Devices.Device device, Instant at) {
        return new EntryAttestation(
                SignedCommitment.sign(commitment, device.id(), at, device.key().getPrivate()),
                commitment.discloseKeyData(List.of("batch", "location")),
                device.certificatePem());
    }

    private ContractError check(AnchorEntry entry, EntryAttestation a) {
        return EntryVerifier.check(entry, a, OWNER, trust, TX);
    }

    private static void assertCode(String code, String fragment, ContractError e) {
        assertEquals(code, e == null ? null : e.code(), e == null ? "accepted" : e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void aDeviceSignedEntryOfTheOwnerIsAccepted() {
        assertNull(check(entry("Rotterdam"), attest(truck, Devices.SIGNED_AT)));
        // and survives its JSON form, as the relay sends it
        EntryAttestation a = attest(truck, Devices.SIGNED_AT);
        assertNull(check(entry("Rotterdam"), EntryAttestation.fromJson(a.toJson())));
    }

    @Test
    void anEntryWithoutAttestationIsRefused() {
        assertCode(
                ErrorCodes.DEVICE_SIGNATURE_INVALID,
                "no device signature",
                check(entry("Rotterdam"), null));
    }

    @Test
    void aChangedKeyFieldIsRefused() {
        assertCode(
                ErrorCodes.DISCLOSURE_INVALID,
                "/fields/location",
                check(entry("Antwerp"), attest(truck, Devices.SIGNED_AT)));
    }

    @Test
    void aDisclosureThatDoesNotVerifyOrIsMissingIsRefused() {
        EntryAttestation good = attest(truck, Devices.SIGNED_AT);
        FieldDisclosure loc = good.disclosures().get(3);
        FieldDisclosure forged =
                new FieldDisclosure(
                        loc.pointer(), new JsonPrimitive("Antwerp"), loc.salt(), loc.proof());
        List<FieldDisclosure> list = new java.util.ArrayList<>(good.disclosures());
        list.set(3, forged);
        assertCode(
                ErrorCodes.DISCLOSURE_INVALID,
                "does not verify",
                check(
                        entry("Antwerp"),
                        new EntryAttestation(good.signed(), list, good.certificatePem())));
        assertCode(
                ErrorCodes.DISCLOSURE_INVALID,
                "the entry shares",
                check(
                        entry("Rotterdam"),
                        new EntryAttestation(
                                good.signed(),
                                good.disclosures().subList(0, 3),
                                good.certificatePem())));
    }

    @Test
    void anotherRootThanTheEntrysHashIsRefused() {
        AnchorEntry e = entry("Rotterdam");
        AnchorEntry other =
                new AnchorEntry(e.txId(), e.tid(), e.stage(), e.keyData(), "00".repeat(32));
        assertCode(
                ErrorCodes.DEVICE_SIGNATURE_INVALID,
                "Hash(D)",
                check(other, attest(truck, Devices.SIGNED_AT)));
    }

    @Test
    void aBadSignatureIsRefused() {
        EntryAttestation good = attest(truck, Devices.SIGNED_AT);
        byte[] sig = good.signed().signature();
        Devices.Device thief =
                Devices.device(Devices.ca(OWNER), "truck-1", Devices.NOT_BEFORE, Devices.NOT_AFTER);
        // signed by another key, presented with truck-1's certificate
        EntryAttestation swapped =
                new EntryAttestation(
                        SignedCommitment.sign(
                                commitment, "truck-1", Devices.SIGNED_AT, thief.key().getPrivate()),
                        good.disclosures(),
                        good.certificatePem());
        assertCode(
                ErrorCodes.DEVICE_SIGNATURE_INVALID,
                "does not verify",
                check(entry("Rotterdam"), swapped));
        assertEquals(sig.length > 0, true);
    }

    @Test
    void anotherOrganisationsDeviceIsUntrusted() {
        Devices.Device foreign = Devices.device(OTHER, "truck-1");
        assertCode(
                ErrorCodes.DEVICE_CERT_UNTRUSTED,
                "was not issued by a device CA of " + OWNER,
                check(entry("Rotterdam"), attest(foreign, Devices.SIGNED_AT)));
    }

    @Test
    void aCertificateForAnotherDeviceIdIsUntrusted() {
        Devices.Device named = Devices.device(OWNER, "truck-2");
        EntryAttestation a = attest(named, Devices.SIGNED_AT);
        EntryAttestation renamed =
                new EntryAttestation(
                        SignedCommitment.sign(
                                commitment, "truck-9", Devices.SIGNED_AT, named.key().getPrivate()),
                        a.disclosures(),
                        a.certificatePem());
        assertCode(
                ErrorCodes.DEVICE_CERT_UNTRUSTED,
                "certificate is for device truck-2",
                check(entry("Rotterdam"), renamed));
        assertCode(
                ErrorCodes.DEVICE_CERT_UNTRUSTED,
                "cannot be read",
                check(entry("Rotterdam"), new EntryAttestation(a.signed(), a.disclosures(), "")));
    }

    @Test
    void noDeviceCaRegisteredIsRefused() {
        assertCode(
                ErrorCodes.NO_DEVICE_CA,
                "no device CA is registered on master for DistributorOrgMSP",
                EntryVerifier.check(
                        entry("Rotterdam"),
                        attest(truck, Devices.SIGNED_AT),
                        "DistributorOrgMSP",
                        trust,
                        TX));
    }

    @Test
    void aCertificateNotValidAtTheSigningTimeIsRefused() {
        Devices.Device expired =
                Devices.device(
                        Devices.ca(OWNER),
                        "truck-old",
                        Devices.NOT_BEFORE,
                        Devices.SIGNED_AT.minus(Duration.ofHours(1)));
        assertCode(
                ErrorCodes.DEVICE_CERT_EXPIRED,
                "not at its signing time",
                check(entry("Rotterdam"), attest(expired, Devices.SIGNED_AT)));
    }

    @Test
    void aSigningTimeOutsideTheWindowIsRefused() {
        Instant tx = Instant.ofEpochMilli(TX);
        assertCode(
                ErrorCodes.SIGNING_TIME_OUTSIDE_WINDOW,
                "outside the window of 72 h",
                check(
                        entry("Rotterdam"),
                        attest(truck, tx.minus(EntryAttestation.MAX_AGE).minusMillis(1))));
        assertCode(
                ErrorCodes.SIGNING_TIME_OUTSIDE_WINDOW,
                "5 min after",
                check(
                        entry("Rotterdam"),
                        attest(truck, tx.plus(EntryAttestation.MAX_AHEAD).plusMillis(1))));
        assertNull(check(entry("Rotterdam"), attest(truck, tx.minus(EntryAttestation.MAX_AGE))));
        assertNull(check(entry("Rotterdam"), attest(truck, tx.plus(EntryAttestation.MAX_AHEAD))));
    }

    @Test
    void aDeviceRevokedBeforeItSignedIsRefusedButEarlierSignaturesStand() {
        long revokedAt = Devices.SIGNED_AT.toEpochMilli();
        revocations.put(OWNER + "/truck-1", revokedAt);
        assertCode(
                ErrorCodes.DEVICE_REVOKED,
                "device truck-1 of " + OWNER + " was revoked",
                check(entry("Rotterdam"), attest(truck, Devices.SIGNED_AT)));
        assertNull(check(entry("Rotterdam"), attest(truck, Devices.SIGNED_AT.minusMillis(1))));
    }

    @Test
    void perAnchorTheCertificateIsCheckedOnceAndAnUntrustedOneStaysUntrusted() {
        int[] checks = {0};
        EntryVerifier.Trust counting =
                new EntryVerifier.Trust() {
                    @Override
                    public List<java.security.cert.X509Certificate> deviceCaRoots(String mspId) {
                        return trust.deviceCaRoots(mspId);
                    }

                    @Override
                    public Long revokedAt(String mspId, String deviceId) {
                        return trust.revokedAt(mspId, deviceId);
                    }

                    @Override
                    public boolean issued(
                            java.security.cert.X509Certificate cert,
                            List<java.security.cert.X509Certificate> roots) {
                        checks[0]++;
                        return EntryVerifier.Trust.super.issued(cert, roots);
                    }
                };
        EntryVerifier.Trust perAnchor = DeviceTrust.cached(counting);
        for (int i = 0; i < 3; i++) {
            assertNull(
                    EntryVerifier.check(
                            entry("Rotterdam"),
                            attest(truck, Devices.SIGNED_AT),
                            OWNER,
                            perAnchor,
                            TX));
        }
        assertEquals(1, checks[0], "one CA signature check for three entries of one device");
        Devices.Device stranger = Devices.device(OTHER, "crane-1");
        for (int i = 0; i < 2; i++) {
            assertCode(
                    ErrorCodes.DEVICE_CERT_UNTRUSTED,
                    "",
                    EntryVerifier.check(
                            entry("Rotterdam"),
                            attest(stranger, Devices.SIGNED_AT),
                            OWNER,
                            perAnchor,
                            TX));
        }
        assertEquals(2, checks[0]);
    }
}
