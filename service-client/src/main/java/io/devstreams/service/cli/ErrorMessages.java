package io.devstreams.service.cli;

import io.devstreams.protocol.ErrorCode;
import io.devstreams.service.DeviceNotFoundException;
import io.devstreams.service.HubConnectionException;
import io.devstreams.service.HubException;
import io.devstreams.service.StreamOpenException;
import io.devstreams.service.StreamRejectedException;
import java.util.Optional;

/**
 * Turns a failure into the one line the CLI prints after {@code devstreams: }, with advice where
 * the fix is known (which setting to check, which file to trust); never includes a key or token.
 */
final class ErrorMessages {

  private static final String UNTRUSTED_ADVICE =
      "pass --trust-cert DATA/hub-cert.pem or set " + Settings.TRUST_CERT_ENV;

  private ErrorMessages() {}

  /** Describes a runtime failure; {@code settings} is empty if the command never resolved them. */
  static String describe(RuntimeException failure, Optional<Settings> settings) {
    String message;
    if (failure instanceof DeviceNotFoundException notFound) {
      message = "no device '" + notFound.deviceId() + "'";
    } else if (failure instanceof HubException answer) {
      message = describeAnswer(answer, settings);
    } else if (failure instanceof HubConnectionException connection) {
      message = describeConnection(connection, settings);
    } else if (failure instanceof StreamRejectedException
        || failure instanceof StreamOpenException
        || failure instanceof CommandException
        || failure instanceof IllegalArgumentException) {
      message = String.valueOf(failure.getMessage());
    } else {
      message =
          "unexpected error: "
              + failure
              + " (set DEVSTREAMS_DEBUG=1 to see where, and please report it)";
    }
    return oneLine(message);
  }

  private static String describeAnswer(HubException answer, Optional<Settings> settings) {
    int status = answer.status();
    String detail = answer.getMessage();
    if (status == 401) {
      String source =
          settings.map(Settings::connectionStringSource).orElse(Settings.CONNECTION_STRING_ENV);
      return "the hub refused the credentials (401): check " + source;
    }
    if (status == 403) {
      String policy =
          settings
              .map(s -> "the policy '" + s.connectionString().sharedAccessKeyName() + "'")
              .orElse("this policy");
      return "the hub does not allow " + policy + " to do this (403): " + detail;
    }
    if (status == 412) {
      return "the device changed while this command ran (412): run it again";
    }
    Optional<ErrorCode> code = answer.knownErrorCode();
    if (code.equals(Optional.of(ErrorCode.DEVICE_NOT_ONLINE))) {
      return "the device is not online (404103): " + detail;
    }
    if (code.equals(Optional.of(ErrorCode.GATEWAY_TIMEOUT))) {
      return "the device did not answer in time (504101): " + detail;
    }
    if (status >= 500) {
      return "the hub failed (" + status + "): " + detail;
    }
    return "the hub refused the request (" + status + "): " + detail;
  }

  private static String describeConnection(
      HubConnectionException failure, Optional<Settings> settings) {
    if (failure.reason() != HubConnectionException.Reason.UNTRUSTED_CERTIFICATE) {
      return failure.getMessage();
    }
    Optional<Settings> withFile = settings.filter(s -> s.trustCertificate() != null);
    if (withFile.isEmpty()) {
      return "the hub's certificate is not trusted: " + UNTRUSTED_ADVICE;
    }
    Settings s = withFile.get();
    return "the hub's certificate is not the one in '"
        + s.trustCertificate()
        + "' (from "
        + s.trustCertificateSource()
        + "): trust the hub's own DATA/hub-cert.pem";
  }

  /** Keeps a message on one line and free of terminal control characters. */
  static String oneLine(String message) {
    StringBuilder line = new StringBuilder(message.length());
    message
        .strip()
        .codePoints()
        .forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return line.toString();
  }
}
