package org.tmsct.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmsct.gateway.config.ConfigException;

class OrgNameTest {

    private static final List<String> ORGS =
            List.of("RawMaterialOrg", "LogisticsOrg", "ProcessingOrg", "DistributorOrg");

    @Test
    void fullNamesAnyCaseAndUniquePrefixesResolve() {
        for (String name :
                List.of("RawMaterialOrg", "rawmaterialorg", "rawmaterial", "raw", "raw-material")) {
            assertEquals("RawMaterialOrg", TmsctCli.canonicalOrg(name, ORGS), name);
        }
        assertEquals("LogisticsOrg", TmsctCli.canonicalOrg("logistics", ORGS));
        assertEquals("DistributorOrg", TmsctCli.canonicalOrg("dist", ORGS));
    }

    @Test
    void ambiguousEmptyAndUnknownNamesAreLeftAsGiven() {
        List<String> orgs = List.of("ProcessingOrg", "ProducerOrg");
        assertEquals("pro", TmsctCli.canonicalOrg("pro", orgs));
        assertEquals("ProducerOrg", TmsctCli.canonicalOrg("prod", orgs));
        assertEquals("", TmsctCli.canonicalOrg("", orgs));
        assertEquals("NoSuchOrg", TmsctCli.canonicalOrg("NoSuchOrg", ORGS));
    }

    @Test
    void organisationsComeFromTheGeneratedNetworkFile(@TempDir Path state) throws Exception {
        Files.writeString(
                state.resolve("network.json"),
                "{\"consensus\":\"raft\",\"organizations\":["
                        + "{\"org\":\"AlphaOrg\",\"mspId\":\"AlphaOrgMSP\"},{\"org\":\"BetaOrg\",\"mspId\":\"BetaOrgMSP\"}]}");
        assertEquals(List.of("AlphaOrg", "BetaOrg"), TmsctCli.networkOrgs(state));
    }

    @Test
    void aMissingOrBrokenNetworkFileIsAConfigurationError(@TempDir Path state) throws Exception {
        ConfigException missing =
                assertThrows(ConfigException.class, () -> TmsctCli.networkOrgs(state));
        assertTrue(missing.getMessage().contains("run 'make up' first"), missing.getMessage());
        Files.writeString(state.resolve("network.json"), "{\"organizations\":");
        assertThrows(ConfigException.class, () -> TmsctCli.networkOrgs(state));
    }
}
