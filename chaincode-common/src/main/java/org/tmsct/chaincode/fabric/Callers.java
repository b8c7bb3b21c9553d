package org.tmsct.chaincode.fabric;

import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.tmsct.chaincode.common.Caller;

/** Reads a {@link Caller} from the submitter's certificate. */
public final class Callers {

    /** The NodeOU Fabric puts in the OU of admin certificates. */
    static final String ADMIN_OU = "admin";

    private Callers() {}

    public static Caller of(ClientIdentity identity) {
        return new Caller(
                identity.getMSPID(),
                isAdmin(identity.getX509Certificate()),
                identity.getAttributeValue(Caller.ROLE_ATTRIBUTE));
    }

    /** True if the certificate's subject has OU=admin (Fabric's NodeOU classification). */
    static boolean isAdmin(X509Certificate certificate) {
        if (certificate == null) {
            return false;
        }
        X500Principal subject = certificate.getSubjectX500Principal();
        try {
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
                if ("OU".equalsIgnoreCase(rdn.getType())
                        && ADMIN_OU.equals(String.valueOf(rdn.getValue()))) {
                    return true;
                }
            }
        } catch (InvalidNameException e) {
            return false;
        }
        return false;
    }
}
