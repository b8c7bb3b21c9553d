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
import org.tmsct.core.refusal.RefusalText;

/** Turns fabric-gateway and gRPC failures into one line a user can act on. */
public final class GatewayErrors {

    /** The gateway's mark on an answer the chaincode itself gave (not the peer on its behalf). */
    private static final String CHAINCODE_ANSWER = "chaincode response 500, ";

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
     * The contract's refusal code, when the contract itself refused the call on every endorser that
     * answered; empty when any endorser failed for another reason (chaincode server unreachable,
     * peer down, timeout), since then nothing is known about what the contract would say.
     */
    public static Optional<String> refusalCode(final Throwable error) {
        Status status = statusOf(error);
        if (status == null
                || status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED
                || status.getCode() == Status.Code.CANCELLED) {
            return Optional.empty();
        }
        List<ErrorDetail> details = detailsOf(error);
        if (details.isEmpty()) {
            return codeOfAnswer(status.getDescription());
        }
        Optional<String> code = Optional.empty();
        for (ErrorDetail detail : details) {
            Optional<String> c = codeOfAnswer(detail.getMessage());
            if (c.isEmpty() || code.isPresent() && !code.equals(c)) {
                return Optional.empty();
            }
            code = c;
        }
        return code;
    }

    private static Optional<String> codeOfAnswer(final String message) {
        if (message == null) {
            return Optional.empty();
        }
        int idx = message.indexOf(CHAINCODE_ANSWER);
        return idx < 0
                ? Optional.empty()
                : RefusalText.code(message.substring(idx + CHAINCODE_ANSWER.length()));
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
        int idx = m.indexOf(CHAINCODE_ANSWER);
        if (idx >= 0) {
            m = m.substring(idx + CHAINCODE_ANSWER.length());
        }
        return m.strip();
    }
}
