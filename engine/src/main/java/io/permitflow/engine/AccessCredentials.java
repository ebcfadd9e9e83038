package io.permitflow.engine;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The one set of credentials the local engine accepts, as HTTP Basic authentication on its REST API
 * and its gRPC gateway (the way a self-managed cluster with basic authentication takes them, so
 * the product's SDK clients use their standard CAMUNDA_AUTH_STRATEGY=BASIC settings). The password
 * is a random token the launcher keeps in the data directory, readable by its owner only: another
 * local process, or a web page reaching the loopback address, gets 401 / UNAUTHENTICATED.
 */
final class AccessCredentials {
  static final String USER = "permitflow";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final byte[] expected;

  AccessCredentials(final String token) {
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException(
          "PF_ENGINE_TOKEN is not set (at least 16 characters): the engine takes requests only with the token its launcher keeps in the data directory");
    }
    expected =
        ("Basic " + Base64.getEncoder().encodeToString((USER + ":" + token).getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
  }

  /** The Authorization header (or gRPC metadata) carries the engine's credentials. */
  boolean accepts(final String authorization) {
    return authorization != null
        && MessageDigest.isEqual(expected, authorization.trim().getBytes(StandardCharsets.UTF_8));
  }

  /** Refuses every gRPC call without the credentials, before it reaches the gateway. */
  ServerInterceptor grpcInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(
          final ServerCall<Q, A> call, final Metadata headers, final ServerCallHandler<Q, A> next) {
        if (!accepts(headers.get(AUTHORIZATION))) {
          call.close(Status.UNAUTHENTICATED.withDescription("The local engine needs its credentials."), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }
}
