package io.devstreams.hub.api;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.settings.HubSettings;
import io.devstreams.protocol.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * Guards every request body: it must be JSON, and it is cut off after {@code
 * devstreams.api.max-body-bytes} while it is read (413), whatever {@code Content-Length} claims. A
 * body that does not parse becomes a 400 naming the problem.
 */
@Provider
@ApplicationScoped
public class BodyLimitInterceptor implements ReaderInterceptor {

  private static final int MAX_DETAIL = 200;

  @Inject HubSettings settings;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    requireJson(context.getMediaType());
    long limit = settings.maxBodyBytes();
    if (declaredLength(context) > limit) {
      throw HubException.tooLarge(limit);
    }
    LimitedInputStream body = new LimitedInputStream(context.getInputStream(), limit);
    context.setInputStream(body);
    try {
      return context.proceed();
    } catch (HubException | WebApplicationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      if (body.exceeded()) {
        throw HubException.tooLarge(limit);
      }
      if (body.count() == 0) {
        throw HubException.badRequest("request body is empty; send a JSON object");
      }
      throw HubException.badRequest("request body is not valid JSON: " + describe(e));
    }
  }

  private static void requireJson(MediaType type) {
    if (type == null
        || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)
        || type.isWildcardSubtype()) {
      throw new HubException(
          HubException.Kind.UNSUPPORTED_MEDIA_TYPE,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "request body must be application/json (got " + type + ")");
    }
  }

  /** Returns the declared length, or -1 when absent or unreadable: the stream limit still holds. */
  private static long declaredLength(ReaderInterceptorContext context) {
    String value = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
    try {
      return value == null ? -1 : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) + "..." : message;
  }
}
