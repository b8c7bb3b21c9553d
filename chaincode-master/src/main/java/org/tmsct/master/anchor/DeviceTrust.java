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

    /** Reads each organisation's roots and each device's revocation once per anchor. */
    static EntryVerifier.Trust cached(EntryVerifier.Trust trust) {
        Map<String, List<X509Certificate>> rootsByMsp = new HashMap<>();
        Map<String, Long[]> revoked = new HashMap<>();
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
        };
    }
}
