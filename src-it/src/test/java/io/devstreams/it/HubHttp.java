package io.devstreams.it;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.SasToken;
import io.devstreams.protocol.tunnel.HubTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A real HTTPS client of one hub, trusting only the hub's own certificate. */
final class HubHttp {
  private final HubProcess hub;
  private final HttpClient client;

  HubHttp(HubProcess hub) {
    this.hub = hub;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(HubTls.sslContext(hub.trustCert()))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** A SAS token of the named default policy, read from the hub's data directory. */
  String policyToken(String policy) {
    String file =
        "iothubowner".equals(policy) ? "owner.connection-string" : policy + ".connection-string";
    try {
      ConnectionString cs =
          ConnectionString.parse(Files.readString(hub.dataDir().resolve(file)).trim());
      return cs.createToken(Duration.ofHours(1), Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A policy token made with {@code key} and expiry {@code expiry}, for tests of bad tokens. */
  String token(String resource, byte[] key, Instant expiry, String keyName) {
    return SasToken.create(resource, key, expiry.getEpochSecond(), keyName);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).timeout(Duration.ofSeconds(30));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  HttpResponse<String> get(String path, String token) {
    return send(request(path).header("Authorization", token).GET());
  }

  HttpResponse<String> put(String path, String token, String json) {
    return send(
        request(path)
            .header("Authorization", token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> delete(String path, String token, String ifMatch) {
    HttpRequest.Builder r = request(path).header("Authorization", token).DELETE();
    if (ifMatch != null) {
      r.header("If-Match", ifMatch);
    }
    return send(r);
  }
}
