package io.atrium.kurrentdb.protocoldouble;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Answers every method the double has no service for (gossip, persistent subscriptions, projections,
 * users, operations, multi-stream append) with UNIMPLEMENTED and a sentence naming the method, so a
 * caller learns at once that it reached a double, not a KurrentDB node missing a plugin.
 */
final class UnimplementedMethods extends HandlerRegistry {

    @Override
    public @Nullable ServerMethodDefinition<?, ?> lookupMethod(String methodName, @Nullable String authority) {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNKNOWN)
                .setFullMethodName(methodName)
                .setRequestMarshaller(Bytes.INSTANCE)
                .setResponseMarshaller(Bytes.INSTANCE)
                .build();
        ServerCallHandler<byte[], byte[]> handler = new ServerCallHandler<>() {
            @Override
            public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
                call.close(
                        Status.UNIMPLEMENTED.withDescription(
                                "The KurrentDB protocol double does not implement " + methodName),
                        new Metadata());
                return new ServerCall.Listener<>() {};
            }
        };
        return ServerMethodDefinition.create(descriptor, handler);
    }

    private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
