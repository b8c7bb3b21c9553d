package org.tmsct.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrgConnectionTest {

    private static final String CONNECTION =
            """
            {"org": "RawMaterialOrg", "mspId": "RawMaterialOrgMSP", "slaveChannel": "raw-material",
             "masterChannel": "master", "chaincodes": {"master": "tmsct-master", "slave": "tmsct-slave"},
             "peer": {"endpoint": "127.0.0.1:7051", "hostAlias": "peer0.raw", "tlsRootCert": "ca.pem"},
             "identities": {"relay": {"certificate": "relay.pem", "privateKey": "relay.key"}}}
            """;

    @TempDir Path dir;

    @Test
    void loadReadsTheFileOfTheOrganisationUnderTheStateDirectory() throws IOException {
        Path file = dir.resolve("orgs").resolve("RawMaterialOrg").resolve("connection.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, CONNECTION);

        OrgConnection conn = OrgConnection.load(dir, "RawMaterialOrg");
        assertEquals("raw-material", conn.slaveChannel());
        assertEquals("127.0.0.1:7051", conn.peer().endpoint());
        assertEquals("relay.key", conn.identity("relay").privateKey());
        assertEquals(conn, OrgConnection.read(file));
    }

    @Test
    void aMissingOrganisationPointsAtMakeUp() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> OrgConnection.load(dir, "NoSuchOrg"));
        assertTrue(e.getMessage().contains("make up"), e.getMessage());
    }

    @Test
    void anIncompleteOrUnreadableFileIsAConfigurationError() throws IOException {
        Path file =
                Files.writeString(dir.resolve("connection.json"), "{\"org\": \"RawMaterialOrg\"}");
        assertTrue(
                assertThrows(ConfigException.class, () -> OrgConnection.read(file))
                        .getMessage()
                        .contains("incomplete"));
        Files.writeString(file, "{not json");
        assertTrue(
                assertThrows(ConfigException.class, () -> OrgConnection.read(file))
                        .getMessage()
                        .startsWith("cannot read"));
        Path missing = dir.resolve("missing.json");
        assertTrue(
                assertThrows(ConfigException.class, () -> OrgConnection.read(missing))
                        .getMessage()
                        .startsWith("cannot read"));
    }

    @Test
    void anUnknownIdentityNamesTheKnownOnes() throws IOException {
        OrgConnection conn =
                OrgConnection.read(Files.writeString(dir.resolve("connection.json"), CONNECTION));
        ConfigException e = assertThrows(ConfigException.class, () -> conn.identity("admin"));
        assertTrue(e.getMessage().contains("known: relay"), e.getMessage());
    }
}
