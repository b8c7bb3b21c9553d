package org.tmsct.web.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A member of an organisation's staff, as authenticated by {@link StaffLogin}.
 *
 * @param mspId the organisation whose CA issued the certificate
 * @param name the certificate's CN (the Fabric CA enrolment id)
 * @param admin whether the certificate's NodeOU is {@code admin} (else it is {@code client})
 * @param certNotAfter end of the certificate's validity; no session outlives it
 */
public record Staff(String mspId, String name, boolean admin, Instant certNotAfter) {
    public Staff {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certNotAfter, "certNotAfter");
    }
}
