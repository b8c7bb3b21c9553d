package org.tmsct.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.web.auth.TrustedOrgs;

/**
 * The certificates staff may log in with: those of the network's organisations' CAs (each org's MSP
 * {@code cacerts}), less what each org's CRL revokes ({@code <state>/crls/<org>.pem}, the file
 * `tmsct identity revoke` writes and scripts/update-crl.sh puts on the channels).
 */
final class Trust {

    private Trust() {}

    static TrustedOrgs orgs(final Path stateDir) {
        Map<String, Path> msps = new LinkedHashMap<>();
        List<String> names = OrgConnection.networkOrgs(stateDir);
        for (String name : names) {
            OrgConnection conn = OrgConnection.load(stateDir, name);
            // <org dir>/ca/ca.<domain>-cert.pem: the org's MSP is <org dir>/msp
            msps.put(conn.mspId(), Path.of(conn.caCert()).getParent().getParent().resolve("msp"));
        }
        try {
            TrustedOrgs trusted = TrustedOrgs.load(msps);
            reloadCrls(trusted, stateDir, names);
            return trusted;
        } catch (IOException e) {
            throw new ConfigException("cannot read the organisations' CAs: " + e.getMessage());
        }
    }

    /** Takes up each organisation's current CRL file, if it has one. */
    static void reloadCrls(final TrustedOrgs trusted, final Path stateDir, final List<String> orgs)
            throws IOException {
        for (String name : orgs) {
            Path file = stateDir.resolve("crls").resolve(name + ".pem");
            if (Files.isRegularFile(file)) {
                trusted.replaceCrls(OrgConnection.load(stateDir, name).mspId(), read(file));
            }
        }
    }

    private static List<X509CRL> read(final Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509CRL> out = new ArrayList<>();
            CertificateFactory.getInstance("X.509")
                    .generateCRLs(in)
                    .forEach(c -> out.add((X509CRL) c));
            return out;
        } catch (CertificateException | CRLException e) {
            throw new IOException(file + " is not a CRL: " + e.getMessage(), e);
        }
    }
}
