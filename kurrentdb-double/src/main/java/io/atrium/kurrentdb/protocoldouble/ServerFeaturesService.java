package io.atrium.kurrentdb.protocoldouble;

import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.serverfeatures.ServerFeaturesGrpc;
import io.kurrent.dbclient.proto.serverfeatures.Serverfeatures.SupportedMethod;
import io.kurrent.dbclient.proto.serverfeatures.Serverfeatures.SupportedMethods;
import io.kurrent.dbclient.proto.shared.Shared;

/**
 * Tells the client which methods the double serves. The client turns this list into feature flags:
 * leaving out {@code batchappend} and {@code appendsession} keeps it on {@code Streams.Append}, and
 * leaving out the persistent-subscription methods makes it refuse those calls itself.
 */
final class ServerFeaturesService extends ServerFeaturesGrpc.ServerFeaturesImplBase {
    /** A server line whose protocol the client 1.1.0 speaks in full on the paths the double serves. */
    static final String SERVER_VERSION = "24.10.0";

    private static final String STREAMS = "event_store.client.streams.streams";
    private static final String FEATURES = "event_store.client.server_features.serverfeatures";

    @Override
    public void getSupportedMethods(Shared.Empty request, StreamObserver<SupportedMethods> responseObserver) {
        responseObserver.onNext(SupportedMethods.newBuilder()
                .setEventStoreServerVersion(SERVER_VERSION)
                .addMethods(method(STREAMS, "read"))
                .addMethods(method(STREAMS, "append"))
                .addMethods(method(STREAMS, "delete"))
                .addMethods(method(FEATURES, "getsupportedmethods"))
                .build());
        responseObserver.onCompleted();
    }

    private static SupportedMethod method(String service, String name) {
        return SupportedMethod.newBuilder()
                .setServiceName(service)
                .setMethodName(name)
                .build();
    }
}
