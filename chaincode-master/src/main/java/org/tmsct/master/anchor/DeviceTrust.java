package org.tmsct.master.anchor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tmsct.master.governance.DeviceCaRoots;

/**
 * {@link EntryVerifier.Trust} over master's state: the device CA roots set by governance
 * (devca~msp) and the revocations the organisations reported (devrev~msp~device).
 */
public final class DeviceTrust implements EntryVerifier.Trust {

    private final DeviceCaRoots roots;
    private final DeviceRevocations revocations;

    public DeviceTrust(DeviceCaRoots roots, DeviceRevocations revocations) {
        this.roots = roots;
        this.revocations = revocations;
    }

    @Override
    public List<X509Certificate> deviceCaRoots(String mspId) {
        JsonObject set = roots.find(mspId);
        List<X509Certificate> out = new ArrayList<>();
        if (set == null) {
            return out;
        }
        for (JsonElement pem : set.getAsJsonArray("certificates")) {
            try {
                out.add(EntryVerifier.parseCertificate(pem.getAsString()));
            } catch (GeneralSecurityException e) {
                // checked when it was registered; an unreadable one trusts nothing
            }
        }
        return out;
    }

    @Override
    public Long revokedAt(String mspId, String deviceId) {
        return revocations.revokedAt(mspId, deviceId);
    }

    /**
     * Reads each organisation's roots and each device's revocation once per anchor, and parses and
     * checks each device certificate once per anchor (the entries of one device share it, and the
     * CA's signature on it is an ECDSA verification as costly as the entry's own).
     */
    static EntryVerifier.Trust cached(EntryVerifier.Trust trust) {
        Map<String, List<X509Certificate>> rootsByMsp = new HashMap<>();
        Map<String, Long[]> revoked = new HashMap<>();
        Map<String, Object> certificates = new HashMap<>();
        Map<List<X509Certificate>, Map<X509Certificate, Boolean>> issued = new HashMap<>();
        return new EntryVerifier.Trust() {
            @Override
            public List<X509Certificate> deviceCaRoots(String mspId) {
                return rootsByMsp.computeIfAbsent(mspId, trust::deviceCaRoots);
            }

            @Override
            public Long revokedAt(String mspId, String deviceId) {
                return revoked.computeIfAbsent(
                                mspId + "\u0000" + deviceId,
                                k -> new Long[] {trust.revokedAt(mspId, deviceId)})[0];
            }

            @Override
            public X509Certificate certificate(String pem) throws GeneralSecurityException {
                Object known =
                        certificates.computeIfAbsent(
                                pem,
                                k -> {
                                    try {
                                        return trust.certificate(k);
                                    } catch (GeneralSecurityException e) {
                                        return e;
                                    }
                                });
                if (known instanceof GeneralSecurityException e) {
                    throw e;
                }
                return (X509Certificate) known;
            }

            @Override
            public boolean issued(X509Certificate cert, List<X509Certificate> roots) {
                return issued.computeIfAbsent(roots, r -> new HashMap<>())
                        .computeIfAbsent(cert, c -> trust.issued(c, roots));
            }
        };
    }
}
