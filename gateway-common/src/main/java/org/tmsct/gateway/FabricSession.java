package org.tmsct.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Identity;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.tmsct.gateway.config.ConfigException;
import org.tmsct.gateway.config.OrgConnection;

/**
 * One Fabric Gateway connection for one identity of one organisation, through that organisation's
 * own peer (as in the fabric-gateway samples: one Gateway per identity).
 */
public final class FabricSession implements AutoCloseable {

    private final OrgConnection org;
    private final ManagedChannel grpcChannel;
    private final Gateway gateway;

    private FabricSession(
            final OrgConnection org, final ManagedChannel grpcChannel, final Gateway gateway) {
        this.org = org;
        this.grpcChannel = grpcChannel;
        this.gateway = gateway;
    }

    /** Connects as {@code identityName} (admin, relay, user1, ...) of the organisation. */
    public static FabricSession connect(final OrgConnection org, final String identityName) {
        return connect(org, identityName, org.peer());
    }

    /** Connects as an identity of {@code org} through another organisation's peer. */
    public static FabricSession connect(
            final OrgConnection org, final String identityName, final OrgConnection.Peer peer) {
        OrgConnection.IdentityFiles files = org.identity(identityName);
        ManagedChannel channel;
        try {
            channel =
                    Grpc.newChannelBuilder(
                                    peer.endpoint(),
                                    TlsChannelCredentials.newBuilder()
                                            .trustManager(Path.of(peer.tlsRootCert()).toFile())
                                            .build())
                            .overrideAuthority(peer.hostAlias())
                            .build();
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read the peer's TLS root certificate "
                            + peer.tlsRootCert()
                            + ": "
                            + e.getMessage());
        }
        try {
            Gateway gateway =
                    Gateway.newInstance()
                            .identity(readIdentity(org.mspId(), Path.of(files.certificate())))
                            .signer(readSigner(Path.of(files.privateKey())))
                            .hash(Hash.SHA256)
                            .connection(channel)
                            .evaluateOptions(
                                    options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                            .endorseOptions(
                                    options -> options.withDeadlineAfter(60, TimeUnit.SECONDS))
                            .submitOptions(
                                    options -> options.withDeadlineAfter(30, TimeUnit.SECONDS))
                            .commitStatusOptions(
                                    options -> options.withDeadlineAfter(2, TimeUnit.MINUTES))
                            .connect();
            return new FabricSession(org, channel, gateway);
        } catch (RuntimeException e) {
            channel.shutdownNow();
            throw e;
        }
    }

    private static Identity readIdentity(final String mspId, final Path certPath) {
        try (Reader reader = Files.newBufferedReader(certPath)) {
            return new X509Identity(mspId, Identities.readX509Certificate(reader));
        } catch (IOException | CertificateException e) {
            throw new ConfigException(
                    "cannot read certificate " + certPath + ": " + e.getMessage());
        }
    }

    private static Signer readSigner(final Path keyPath) {
        try (Reader reader = Files.newBufferedReader(keyPath)) {
            return Signers.newPrivateKeySigner(Identities.readPrivateKey(reader));
        } catch (IOException | InvalidKeyException e) {
            throw new ConfigException("cannot read private key " + keyPath + ": " + e.getMessage());
        }
    }

    public OrgConnection org() {
        return org;
    }

    public Gateway gateway() {
        return gateway;
    }

    public Network network(final String channelName) {
        return gateway.getNetwork(channelName);
    }

    /**
     * The channel's height on the organisation's peer (qscc GetChainInfo): its newest block is
     * {@code height - 1}.
     */
    public long height(final String channel) throws GatewayException {
        try {
            byte[] info =
                    network(channel)
                            .getContract("qscc")
                            .evaluateTransaction("GetChainInfo", channel);
            return BlockchainInfo.parseFrom(info).getHeight();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(
                    "qscc answered no chain info for " + channel + ": " + e.getMessage(), e);
        }
    }

    /** The master contract on the master channel. */
    public Contract masterContract() {
        return network(org.masterChannel()).getContract(org.chaincodes().master());
    }

    /** The slave contract on this organisation's own slave channel. */
    public Contract slaveContract() {
        return network(org.slaveChannel()).getContract(org.chaincodes().slave());
    }

    @Override
    public void close() {
        gateway.close();
        try {
            grpcChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
