package org.tmsct.gateway;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/** Gateway failures as fabric-gateway reports them, with one error detail per endorser. */
public final class Failures {

    private Failures() {}

    /** A failed call whose endorsers answered with these messages. */
    public static GatewayException endorsers(final Status.Code code, final String... messages) {
        com.google.rpc.Status.Builder status =
                com.google.rpc.Status.newBuilder()
                        .setCode(code.value())
                        .setMessage("failed to endorse transaction, see attached details");
        int i = 0;
        for (String m : messages) {
            status.addDetails(
                    Any.pack(
                            ErrorDetail.newBuilder()
                                    .setAddress("peer" + i)
                                    .setMspId("Org" + i++ + "MSP")
                                    .setMessage(m)
                                    .build()));
        }
        StatusRuntimeException e = StatusProto.toStatusRuntimeException(status.build());
        return new GatewayException(e);
    }
}
