package org.tmsct.chaincode.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.junit.jupiter.api.Test;
import org.tmsct.chaincode.common.Caller;

class CallersTest {

    private static X509Certificate cert(String subject) {
        X509Certificate c = mock(X509Certificate.class);
        when(c.getSubjectX500Principal()).thenReturn(new X500Principal(subject));
        return c;
    }

    @Test
    void adminIsTheAdminNodeOu() {
        assertTrue(
                Callers.isAdmin(
                        cert(
                                "C=US, ST=California, L=San Francisco, OU=admin, CN=Admin@logistics.tmsct.local")));
        assertFalse(Callers.isAdmin(cert("C=US, OU=client, CN=User1@logistics.tmsct.local")));
        assertFalse(
                Callers.isAdmin(cert("C=US, OU=client, CN=admin")),
                "the CN does not make an admin");
        assertFalse(Callers.isAdmin(cert("C=US, OU=administrators, CN=x")));
        assertFalse(Callers.isAdmin(null));
    }

    @Test
    void readsMspAndRole() {
        ClientIdentity id = mock(ClientIdentity.class);
        when(id.getMSPID()).thenReturn("LogisticsOrgMSP");
        when(id.getAttributeValue("tmsct.role")).thenReturn("relay");
        X509Certificate c = cert("OU=client, CN=relay@logistics.tmsct.local");
        when(id.getX509Certificate()).thenReturn(c);
        assertEquals(new Caller("LogisticsOrgMSP", false, "relay"), Callers.of(id));
        assertTrue(Callers.of(id).isRelay());
    }
}
