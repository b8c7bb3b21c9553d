package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tmsct.client.device.DeviceKeys;
import org.tmsct.gateway.FabricSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Devices (sensors, RFID readers, trackers) whose signatures the organisation's slave channel
 * accepts.
 */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = "Manage the devices registered on the organisation's slave channel.",
        subcommands = {
            DeviceCommand.Keygen.class,
            DeviceCommand.Enroll.class,
            DeviceCommand.Register.class,
            DeviceCommand.Revoke.class,
            DeviceCommand.ListDevices.class
        })
final class DeviceCommand implements Callable<Integer> {

    @ParentCommand TmsctCli root;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return TmsctCli.EXIT_USAGE;
    }

    @Command(
            name = "keygen",
            mixinStandardHelpOptions = true,
            description = {
                "Make a P-256 key pair for a device and get its certificate from the organisation's CA.",
                "The organisation's admin registers the device at the CA and the key is enrolled with a CSR"
                        + " (the two steps of 'identity register --kind device' and 'device enroll' at once);"
                        + " no CA key is read."
            })
    static final class Keygen implements Callable<Integer> {
        @ParentCommand DeviceCommand device;

        @Parameters(index = "0", description = "Device id.")
        String deviceId;

        @Override
        public Integer call() {
            TmsctCli root = device.root;
            Path cert =
                    new DeviceKeys(root.stateDir, root.orgName())
                            .generate(root.orgConnection(), deviceId, root.adminUnlessChosen());
            System.out.println(
                    "device " + deviceId + ": key and certificate in " + cert.getParent());
            return 0;
        }
    }

    @Command(
            name = "enroll",
            mixinStandardHelpOptions = true,
            description = {
                "Enroll a device its admin registered ('tmsct identity register ID --kind device'):"
                        + " make its key pair here and send the CA only a certificate signing request.",
                "The key stays in <state>/devices/<org>/<id>/key.pem (mode 0600)."
            })
    static final class Enroll implements Callable<Integer> {
        @ParentCommand DeviceCommand device;

        @Parameters(index = "0", description = "Device id (its enrolment id at the CA).")
        String deviceId;

        @Option(
                names = "--secret-file",
                required = true,
                description = "File holding the enrolment secret the registration printed.")
        Path secretFile;

        @Override
        public Integer call() throws Exception {
            TmsctCli root = device.root;
            DeviceKeys.validateId(deviceId);
            Path cert =
                    new DeviceKeys(root.stateDir, root.orgName())
                            .enroll(
                                    root.orgConnection(),
                                    deviceId,
                                    IdentityCommand.readSecret(secretFile));
            System.out.println(
                    "device "
                            + deviceId
                            + " enrolled at "
                            + root.orgConnection().ca().name()
                            + ": key and certificate in "
                            + cert.getParent());
            return 0;
        }
    }

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description =
                    "Register a device with its certificate or public key (organisation admin only).")
    static final class Register implements Callable<Integer> {
        @ParentCommand DeviceCommand device;

        @Parameters(index = "0", description = "Device id.")
        String deviceId;

        @Option(
                names = "--cert",
                description =
                        "PEM certificate or public key (default: the one made by 'device keygen').")
        Path cert;

        @Override
        public Integer call() throws Exception {
            TmsctCli root = device.root;
            DeviceKeys.validateId(deviceId);
            Path pem =
                    cert != null
                            ? cert
                            : new DeviceKeys(root.stateDir, root.orgName()).certFile(deviceId);
            if (!Files.isRegularFile(pem)) {
                throw new IllegalArgumentException(
                        "no certificate at "
                                + pem
                                + " (run 'tmsct device keygen "
                                + deviceId
                                + "' or pass --cert)");
            }
            root.identity = root.adminUnlessChosen();
            try (FabricSession session = root.connect()) {
                session.slaveContract()
                        .submitTransaction("RegisterDevice", deviceId, Files.readString(pem));
            }
            System.out.println(
                    "device " + deviceId + " registered on " + root.orgConnection().slaveChannel());
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a device (organisation admin only).")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand DeviceCommand device;

        @Parameters(index = "0", description = "Device id.")
        String deviceId;

        @Override
        public Integer call() throws Exception {
            TmsctCli root = device.root;
            root.identity = root.adminUnlessChosen();
            try (FabricSession session = root.connect()) {
                revokeOnRegistries(session, root, deviceId);
            }
            return 0;
        }
    }

    /**
     * Revokes a device on the slave channel's registry, then reports it to master, which refuses
     * what the device signed from then on. A rerun after master was not told carries on.
     */
    static void revokeOnRegistries(
            final FabricSession session, final TmsctCli root, final String deviceId)
            throws Exception {
        byte[] answer;
        try {
            answer = session.slaveContract().submitTransaction("RevokeDevice", deviceId);
        } catch (Exception e) {
            // already revoked (a rerun after master was not told): read the revocation
            answer = session.slaveContract().evaluateTransaction("GetDevice", deviceId);
            if (!Output.json(answer).getAsJsonObject().has("revokedAt")) {
                throw e;
            }
        }
        long revokedAt = Output.json(answer).getAsJsonObject().get("revokedAt").getAsLong();
        System.out.println(
                "device " + deviceId + " revoked on " + root.orgConnection().slaveChannel());
        session.masterContract()
                .submitTransaction("ReportDeviceRevocation", deviceId, Long.toString(revokedAt));
        System.out.println("device " + deviceId + " revocation reported to master");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the devices registered on the slave channel.")
    static final class ListDevices implements Callable<Integer> {
        @ParentCommand DeviceCommand device;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (FabricSession session = device.root.connect()) {
                JsonElement devices =
                        Output.json(session.slaveContract().evaluateTransaction("ListDevices"));
                if (json) {
                    System.out.println(Output.pretty(devices));
                    return 0;
                }
                System.out.printf("%-24s %-9s %s%n", "DEVICE", "STATUS", "KEY FINGERPRINT");
                for (JsonElement d : devices.getAsJsonArray()) {
                    var o = d.getAsJsonObject();
                    System.out.printf(
                            "%-24s %-9s %s%n",
                            o.get("deviceId").getAsString(),
                            o.get("status").getAsString(),
                            o.has("fingerprint") ? o.get("fingerprint").getAsString() : "");
                }
            }
            return 0;
        }
    }
}
