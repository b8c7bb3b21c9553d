package org.tmsct.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.GatewayException;
import org.tmsct.core.protocol.ErrorCode;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.gateway.ca.FabricCaClient;
import org.tmsct.gateway.ca.OrgCa;
import org.tmsct.gateway.config.OrgConnection;
import org.tmsct.gateway.config.Wallet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The organisation's identities at its Fabric CA: users, relays and devices. */
@Command(
        name = "identity",
        mixinStandardHelpOptions = true,
        description = {
            "Manage the organisation's identities at its Fabric CA (networks made with CRYPTO=ca).",
            "Register, list and revoke act as the organisation's admin (or --identity);"
                    + " enroll needs only the secret the registration printed."
        },
        subcommands = {
            IdentityCommand.Register.class,
            IdentityCommand.Enroll.class,
            IdentityCommand.Renew.class,
            IdentityCommand.Revoke.class,
            IdentityCommand.ListIdentities.class
        })
final class IdentityCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return TmsctCli.EXIT_USAGE;
    }

    /** The admin acts unless another identity was chosen. */
    String registrar() {
        return root.adminUnlessChosen();
    }

    /** The enrolment secret a registration wrote (or a user saved) to a file. */
    static String readSecret(final Path file) throws java.io.IOException {
        return Files.readString(file).trim();
    }

    OrgCa ca() {
        return OrgCa.of(root.orgConnection());
    }

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Register an identity at the organisation's CA and print its one-time enrolment secret.",
                "A relay carries tmsct.role=relay and a device tmsct.role=device in its certificate."
            })
    static final class Register implements Callable<Integer> {
        @ParentCommand IdentityCommand parent;

        @Parameters(index = "0", description = "Enrolment id (the certificate's CN).")
        String id;

        @Option(
                names = "--kind",
                defaultValue = "user",
                description = "user, relay or device (default: ${DEFAULT-VALUE}).")
        String kind;

        @Option(
                names = "--secret-file",
                description = "Write the secret to this file (mode 0600) instead of printing it.")
        Path secretFile;

        @Override
        public Integer call() throws Exception {
            Wallet.requireValidName(id);
            OrgCa.Kind k;
            try {
                k = OrgCa.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown --kind '" + kind + "' (use user, relay or device)");
            }
            String secret = parent.ca().register(parent.registrar(), id, k, null);
            if (secretFile != null) {
                Wallet.replace(secretFile, secret + "\n", true); // mode 0600
                System.out.println(
                        kind + " " + id + " registered; its enrolment secret is in " + secretFile);
            } else {
                System.out.println(kind + " " + id + " registered; enrolment secret: " + secret);
            }
            return 0;
        }
    }

    @Command(
            name = "enroll",
            mixinStandardHelpOptions = true,
            description = {
                "Enroll a registered user or relay into the organisation's wallet: the key pair is made"
                        + " here and only a CSR goes to the CA.",
                "Then act as it with --identity ID. Devices use 'device enroll'."
            })
    static final class Enroll implements Callable<Integer> {
        @ParentCommand IdentityCommand parent;

        @Parameters(index = "0", description = "Enrolment id.")
        String id;

        @Option(
                names = "--secret-file",
                required = true,
                description = "File holding the enrolment secret.")
        Path secretFile;

        @Override
        public Integer call() throws Exception {
            Wallet.requireValidName(id);
            OrgCa ca = parent.ca();
            if (ca.wallet().files(id) != null) {
                throw new IllegalArgumentException(
                        "the wallet already holds '"
                                + id
                                + "' ("
                                + ca.wallet().dir()
                                + "); use 'identity renew'");
            }
            OrgConnection.IdentityFiles files = ca.enrollIntoWallet(id, readSecret(secretFile));
            System.out.println(id + " enrolled: " + files.certificate());
            return 0;
        }
    }

    @Command(
            name = "renew",
            mixinStandardHelpOptions = true,
            description = {
                "Re-enroll an identity (relay, user1, a wallet identity...) with a new key before its"
                        + " certificate expires; its files are replaced where they are.",
                "A running relay takes up the new certificate within its --renewal-check period; nothing is"
                        + " stopped, and the old certificate stays valid until it expires."
            })
    static final class Renew implements Callable<Integer> {
        @ParentCommand IdentityCommand parent;

        @Parameters(index = "0", description = "Identity to renew (its name for --identity).")
        String id;

        @Override
        public Integer call() {
            OrgConnection.IdentityFiles files = parent.ca().renew(id);
            System.out.println(id + " renewed: " + files.certificate());
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {
                "Revoke every certificate of an identity at the CA and write the CA's new CRL.",
                "Peers refuse the identity once the CRL is in the organisation's MSP on each channel:"
                        + " run scripts/update-crl.sh ORG next (make crl ORG=...). A device is also revoked"
                        + " on the device registries with 'device revoke'."
            })
    static final class Revoke implements Callable<Integer> {
        @ParentCommand IdentityCommand parent;

        @Parameters(index = "0", description = "Enrolment id.")
        String id;

        @Option(
                names = "--reason",
                defaultValue = "keycompromise",
                description =
                        "RFC 5280 reason, e.g. keycompromise, superseded (default: ${DEFAULT-VALUE}).")
        String reason;

        @Override
        public Integer call() throws Exception {
            Wallet.requireValidName(id);
            OrgCa ca = parent.ca();
            FabricCaClient.Registrar registrar = ca.registrar(parent.registrar());
            String crl = ca.client().revoke(registrar, id, reason);
            Path file = crlFile(parent.root);
            Files.createDirectories(file.getParent());
            Wallet.replace(file, crl, false);
            System.out.println(id + " revoked at " + parent.root.orgConnection().ca().name());
            System.out.println("CRL written to " + file);
            // a device is refused by the contracts once its registries say so
            TmsctCli root = parent.root;
            try (FabricSession session = root.connect(parent.registrar())) {
                if (registeredDevice(session, id)) {
                    DeviceCommand.revokeOnRegistries(session, root, id);
                }
            }
            System.out.println(
                    "next: scripts/update-crl.sh "
                            + root.orgName()
                            + " puts the CRL into the organisation's MSP on each of its channels");
            return 0;
        }
    }

    /** Whether the slave channel's registry holds a device by that id. */
    static boolean registeredDevice(final FabricSession session, final String id) {
        try {
            session.slaveContract().evaluateTransaction("GetDevice", id);
            return true;
        } catch (GatewayException e) {
            if (GatewayErrors.refusalCode(e)
                    .filter(ErrorCode.UNKNOWN_DEVICE.name()::equals)
                    .isPresent()) {
                return false;
            }
            throw new IllegalStateException(
                    "cannot read the device registry: "
                            + GatewayErrors.describe(e, session.org().peer().endpoint()),
                    e);
        }
    }

    /** Where revoke leaves the organisation's CRL for scripts/update-crl.sh. */
    static Path crlFile(final TmsctCli root) {
        return root.stateDir.resolve("crls").resolve(root.orgName() + ".pem");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "List the identities registered at the organisation's CA and the wallet's.")
    static final class ListIdentities implements Callable<Integer> {
        @ParentCommand IdentityCommand parent;

        @Override
        public Integer call() {
            OrgCa ca = parent.ca();
            var wallet = ca.wallet().names();
            System.out.printf("%-24s %-8s %-8s %s%n", "ID", "TYPE", "ROLE", "IN WALLET");
            for (FabricCaClient.IdentityInfo i :
                    ca.client().identities(ca.registrar(parent.registrar()))) {
                System.out.printf(
                        "%-24s %-8s %-8s %s%n",
                        i.id(),
                        i.type(),
                        i.attributes().getOrDefault(OrgCa.ROLE_ATTRIBUTE, ""),
                        wallet.contains(i.id()) ? "yes" : "");
            }
            return 0;
        }
    }
}
