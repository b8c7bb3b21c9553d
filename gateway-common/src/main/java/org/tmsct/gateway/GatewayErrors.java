package org.tmsct.gateway;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.tmsct.core.protocol.Refusal;

/** Turns fabric-gateway and gRPC failures into one line a user can act on. */
public final class GatewayErrors {

    private static final Pattern UNKNOWN_CHANNEL =
            Pattern.compile("failed to get config for channel \\[([^\\]]+)\\]");

    private GatewayErrors() {}

    public static String describe(final Throwable error, final String peerEndpoint) {
        if (error instanceof CommitException commit) {
            return "transaction "
                    + commit.getTransactionId()
                    + " failed to commit: "
                    + commit.getCode();
        }
        Status status = statusOf(error);
        if (status != null) {
            switch (status.getCode()) {
                case UNAVAILABLE:
                    String description =
                            status.getDescription() == null ? "" : status.getDescription();
                    Matcher unknownChannel = UNKNOWN_CHANNEL.matcher(description);
                    if (unknownChannel.find()) {
                        return "channel '"
                                + unknownChannel.group(1)
                                + "' is not on the peer at "
                                + peerEndpoint
                                + " (its organisation is not a member of that channel)";
                    }
                    if (description.isEmpty()
                            || description.contains("io exception")
                            || description
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .contains("connection refused")) {
                        return "peer unreachable at " + peerEndpoint + " (is the network up?)";
                    }
                    break;
                case DEADLINE_EXCEEDED:
                    return "peer at " + peerEndpoint + " did not answer in time";
                default:
                    break;
            }
            String details = detailMessages(error);
            String message = details.isEmpty() ? status.getDescription() : details;
            return chaincodeMessage(message == null ? status.getCode().toString() : message);
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    /**
     * The gRPC status a gateway call failed with, or null if the failure did not come from gRPC.
     */
    public static Status statusOf(final Throwable error) {
        if (error instanceof GatewayException ge) {
            return ge.getStatus();
        }
        if (error instanceof GatewayRuntimeException gre) {
            return gre.getStatus();
        }
        if (error instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        return null;
    }

    /** What each endorser said, when the gateway reports it; empty otherwise. */
    public static List<ErrorDetail> detailsOf(final Throwable error) {
        if (error instanceof GatewayException ge) {
            return ge.getDetails();
        }
        if (error instanceof GatewayRuntimeException gre) {
            return gre.getDetails();
        }
        return List.of();
    }

    /**
     * The contract's refusal, when every endorser that answered refused with a code ({@code "CODE:
     * text"}, see {@link Refusal}) and the failure is not one of reaching the peers. Empty for
     * anything else (unreachable peer, deadline, chaincode server down, endorsers that disagree),
     * which callers must treat as transient. This is the one place a gateway failure is turned into
     * a refusal code.
     */
    public static Optional<Refusal> refusal(final Throwable error) {
        Status status = statusOf(error);
        if (status == null
                || status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED
                || status.getCode() == Status.Code.CANCELLED) {
            return Optional.empty();
        }
        List<ErrorDetail> details = detailsOf(error);
        if (details.isEmpty()) {
            return Refusal.parse(status.getDescription());
        }
        Refusal first = null;
        for (ErrorDetail detail : details) {
            Optional<Refusal> r = Refusal.parse(detail.getMessage());
            if (r.isEmpty()) {
                // One endorser failed for another reason (unreachable, chaincode not running).
                return Optional.empty();
            }
            if (first == null) {
                first = r.get();
            }
        }
        return Optional.of(first);
    }

    /**
     * The refusal code of a failed gateway call, if the contract refused it (see {@link #refusal}).
     */
    public static Optional<String> refusalCode(final Throwable error) {
        return refusal(error).map(Refusal::code);
    }

    private static String detailMessages(final Throwable error) {
        StringBuilder out = new StringBuilder();
        for (ErrorDetail detail : detailsOf(error)) {
            String m = chaincodeMessage(detail.getMessage());
            if (out.indexOf(m) < 0) {
                if (out.length() > 0) {
                    out.append("; ");
                }
                out.append(m);
            }
        }
        return out.toString();
    }

    /**
     * Strips the peer's wrapping ("chaincode response 500, ...") down to the contract's own words.
     */
    static String chaincodeMessage(final String message) {
        String m = message;
        int idx = m.indexOf(Refusal.PEER_PREFIX);
        if (idx >= 0) {
            m = m.substring(idx + Refusal.PEER_PREFIX.length());
        }
        return m.strip();
    }
}
