package org.tmsct.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.tmsct.client.device.DeviceKeys;
import org.tmsct.core.commitment.FieldCommitment;
import org.tmsct.core.commitment.SignedCommitment;
import org.tmsct.core.protocol.TransientKeys;
import org.tmsct.core.record.DeviceSignature;
import org.tmsct.core.record.RawRecord;
import org.tmsct.gateway.FabricSession;
import org.tmsct.gateway.GatewayErrors;
import org.tmsct.gateway.config.OrgConnection;

/**
 * One network under test and what the end-to-end tests do on it through fabric-gateway: one session
 * per organisation and identity, devices and their keys, device-signed records, ledger reads, and
 * the message a refused caller sees. Closing it closes the sessions and wipes the network.
 */
final class TestNetwork implements AutoCloseable {

    static final String[] ORGS = {
        "RawMaterialOrg", "LogisticsOrg", "ProcessingOrg", "DistributorOrg"
    };
    static final String[] STAGES = {"RAW_MATERIAL", "LOGISTICS", "PROCESSING", "DISTRIBUTION"};

    /** A committed transaction: its id, block and result. */
    record Submitted(String txId, long blockNumber, String result) {
        JsonObject json() {
            return JsonParser.parseString(result).getAsJsonObject();
        }
    }

    /** A call expected to be refused. */
    interface Call {
        void run() throws Exception;
    }

    final NetworkScripts scripts;
    private final Map<String, FabricSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, KeyPair> devices = new ConcurrentHashMap<>();

    TestNetwork(final String name, final int basePort, final String consensus) {
        this.scripts = new NetworkScripts(name, basePort, consensus);
    }

    /** From nothing to a network with both chaincodes configured and the anchor relays running. */
    void startFromScratch() {
        scripts.run("clean.sh");
        scripts.startNetwork();
    }

    @Override
    public void close() {
        sessions.values().forEach(FabricSession::close);
        scripts.downQuietly(true);
    }

    // --- organisations and sessions --------------------------------------------------------------

    OrgConnection org(final String org) {
        return scripts.org(org);
    }

    String slaveChannel(final String org) {
        return org(org).slaveChannel();
    }

    static int indexOf(final String org) {
        for (int i = 0; i < ORGS.length; i++) {
            if (ORGS[i].equals(org)) {
                return i;
            }
        }
        throw new IllegalArgumentException(org);
    }

    /** One session per organisation and identity, kept open until {@link #close}. */
    FabricSession session(final String org, final String identity) {
        return sessions.computeIfAbsent(
                org + "/" + identity, k -> FabricSession.connect(org(org), identity));
    }

    /** The master contract through {@code org}'s peer. */
    Contract master(final String org, final String identity) {
        return session(org, identity).masterContract();
    }

    // --- transactions ----------------------------------------------------------------------------

    /** Endorses, submits and waits for the commit, which must succeed. */
    static Submitted submit(
            final Contract contract,
            final String function,
            final Map<String, byte[]> transientData,
            final String... args)
            throws Exception {
        SubmittedTransaction tx =
                contract.newProposal(function)
                        .addArguments(args)
                        .putAllTransient(transientData)
                        .build()
                        .endorse()
                        .submitAsync();
        Status status = tx.getStatus();
        assertTrue(
                status.isSuccessful(),
                function
                        + " "
                        + status.getTransactionId()
                        + " failed to commit: "
                        + status.getCode());
        return new Submitted(
                status.getTransactionId(), status.getBlockNumber(), text(tx.getResult()));
    }

    /** The message a caller of {@code org} sees when {@code call} is refused. */
    String failure(final String org, final Call call) {
        Exception e = assertThrows(Exception.class, call::run);
        return GatewayErrors.describe(e, org(org).peer().endpoint());
    }

    // --- devices and records ---------------------------------------------------------------------

    /**
     * A new key pair for {@code deviceId}, registered on {@code org}'s slave channel by its admin.
     */
    KeyPair registerDevice(final String org, final String deviceId) throws Exception {
        // a certificate from the organisation's CA, as `tmsct device keygen` makes it:
        // master checks it against the device CA bootstrap registered
        DeviceKeys keys = new DeviceKeys(scripts.stateDir(), org);
        java.nio.file.Path cert = keys.certFile(deviceId);
        if (!java.nio.file.Files.exists(cert)) {
            keys.generate(org(org), deviceId, "admin");
        }
        String pem = java.nio.file.Files.readString(cert);
        KeyPair key = new KeyPair(DeviceSignature.publicKeyFromPem(pem), keys.privateKey(deviceId));
        devices.put(deviceId, key);
        Submitted r =
                submit(
                        session(org, "admin").slaveContract(),
                        "RegisterDevice",
                        Map.of(),
                        deviceId,
                        pem);
        assertEquals("ACTIVE", r.json().get("status").getAsString());
        return key;
    }

    KeyPair device(final String deviceId) {
        return devices.get(deviceId);
    }

    /**
     * What Record takes as transient data: the raw record, the salts of the device's fresh field
     * commitment to it, the device's signature over that commitment and the signing time.
     */
    static Map<String, byte[]> signedRecord(
            final RawRecord raw,
            final String deviceId,
            final PrivateKey key,
            final Instant signedAt) {
        FieldCommitment commitment = FieldCommitment.commit(raw, new SecureRandom());
        SignedCommitment signed = SignedCommitment.sign(commitment, deviceId, signedAt, key);
        return Map.of(
                TransientKeys.RECORD, raw.toJson().getBytes(StandardCharsets.UTF_8),
                TransientKeys.SIGNATURE,
                        Base64.getEncoder()
                                .encodeToString(signed.signature())
                                .getBytes(StandardCharsets.UTF_8),
                TransientKeys.TIMESTAMP,
                        Long.toString(signedAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8),
                TransientKeys.SALTS,
                        commitment.saltsJson().toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The Hash(D) (commitment root) of a record sent with {@link #signedRecord}'s map. */
    static String rootOf(final Map<String, byte[]> signedRecord) {
        return FieldCommitment.commit(
                        RawRecord.parse(signedRecord.get(TransientKeys.RECORD)),
                        FieldCommitment.saltsFromJson(
                                com.google.gson.JsonParser.parseString(
                                                new String(
                                                        signedRecord.get(TransientKeys.SALTS),
                                                        StandardCharsets.UTF_8))
                                        .getAsJsonObject()))
                .rootHex();
    }

    /** Record through fabric-gateway as user1, signed now with {@code signer}. */
    Submitted record(
            final String org, final String deviceId, final RawRecord raw, final KeyPair signer)
            throws Exception {
        Instant now = Instant.ofEpochMilli(Instant.now().toEpochMilli());
        return submit(
                session(org, "user1").slaveContract(),
                "Record",
                signedRecord(raw, deviceId, signer.getPrivate(), now),
                deviceId);
    }

    /** The stored record of slave transaction {@code txId}, read by user1 of {@code org}. */
    JsonObject storedRecord(final String org, final String txId) throws Exception {
        return json(session(org, "user1").slaveContract().evaluateTransaction("GetRecord", txId));
    }

    // --- ledgers ---------------------------------------------------------------------------------

    /**
     * Block {@code number} of {@code org}'s slave channel, read through qscc as its relay identity.
     */
    Block slaveBlock(final String org, final long number) throws Exception {
        String channel = slaveChannel(org);
        byte[] bytes =
                session(org, "relay")
                        .network(channel)
                        .getContract("qscc")
                        .evaluateTransaction("GetBlockByNumber", channel, Long.toString(number));
        return Block.parseFrom(bytes);
    }

    /**
     * Waits until every organisation's peer has committed master block {@code number}, so the next
     * endorsers agree.
     */
    void awaitMasterHeight(final long number) throws Exception {
        for (String org : ORGS) {
            for (int i = 0; ; i++) {
                byte[] info =
                        session(org, "user1")
                                .network("master")
                                .getContract("qscc")
                                .evaluateTransaction("GetChainInfo", "master");
                if (BlockchainInfo.parseFrom(info).getHeight() > number) {
                    break;
                }
                if (i > 100) {
                    throw new AssertionError(
                            "peer of " + org + " did not reach master block " + number);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Evaluates on another org's peer than the one a submit waited for: that peer may not have
     * committed the block yet, so a refusal is retried for a few seconds before it counts.
     */
    static byte[] evaluateOnceCommitted(Contract contract, String function, String... args)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(15);
        while (true) {
            try {
                return contract.evaluateTransaction(function, args);
            } catch (GatewayException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    // --- answers ---------------------------------------------------------------------------------

    static JsonObject json(final byte[] bytes) {
        return JsonParser.parseString(text(bytes)).getAsJsonObject();
    }

    static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static List<String> strings(final JsonArray array) {
        return array.asList().stream().map(JsonElement::getAsString).toList();
    }
}
