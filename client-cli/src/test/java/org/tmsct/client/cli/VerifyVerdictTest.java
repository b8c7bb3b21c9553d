package org.tmsct.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VerifyVerdictTest {

    @Test
    void anOwnEntryWithoutItsRawRecordIsMissing() {
        assertEquals(VerifyCommand.Verdict.MISSING, VerifyCommand.verdict(true, true, false));
    }

    @Test
    void anotherOrganisationsEntryPassesOnTheOnChainChecks() {
        assertEquals(VerifyCommand.Verdict.VERIFIED, VerifyCommand.verdict(true, false, false));
        assertEquals(VerifyCommand.Verdict.VERIFIED, VerifyCommand.verdict(true, true, true));
    }

    @Test
    void aFailedCheckIsTamperedWhateverIsHeld() {
        assertEquals(VerifyCommand.Verdict.TAMPERED, VerifyCommand.verdict(false, true, true));
        assertEquals(VerifyCommand.Verdict.TAMPERED, VerifyCommand.verdict(false, true, false));
        assertEquals(VerifyCommand.Verdict.TAMPERED, VerifyCommand.verdict(false, false, false));
    }
}
