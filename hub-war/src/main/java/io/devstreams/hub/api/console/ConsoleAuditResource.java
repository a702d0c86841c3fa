package io.devstreams.hub.api.console;

import io.devstreams.hub.api.RequiresRight;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.console.ConsoleAudit;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.HistoryQuery;
import io.devstreams.hub.streams.StreamRecord;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The console's Audit page: the stream history filtered by device, policy, outcome and time of
 * request, a page at a time or as CSV. Both need {@code ServiceConnect}, the right of {@code GET
 * /streams/history}.
 */
@Path("console/api/audit")
@RequestScoped
public class ConsoleAuditResource {

  private static final int PAGE = 50;
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  @Inject ConsoleAudit audit;

  /** Returns a page of the records the filters select, newest first. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RequiresRight(Right.SERVICE_CONNECT)
  public AuditPageJson page(
      @QueryParam("device") String device,
      @QueryParam("policy") String policy,
      @QueryParam("outcome") String outcome,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("continuation") String continuation,
      @QueryParam("top") String top) {
    return AuditPageJson.from(
        audit.page(query(device, policy, outcome, from, to, continuation, top)));
  }

  /** Returns every record the filters select (at most 100,000) as a CSV download. */
  @GET
  @Path("csv")
  @Produces("text/csv")
  @RequiresRight(Right.SERVICE_CONNECT)
  public Response csv(
      @QueryParam("device") String device,
      @QueryParam("policy") String policy,
      @QueryParam("outcome") String outcome,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    HistoryQuery query = query(device, policy, outcome, from, to, null, null);
    StreamingOutput body =
        out -> {
          Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          audit.exportCsv(query, writer);
        };
    String file = "devstreams-audit-" + FILE_TIME.format(Clock.systemUTC().instant()) + ".csv";
    return Response.ok(body, "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .build();
  }

  private static HistoryQuery query(
      String device,
      String policy,
      String outcome,
      String from,
      String to,
      String continuation,
      String top) {
    return new HistoryQuery(
        device,
        policy,
        outcome(outcome),
        ConsoleParams.time("from", from),
        ConsoleParams.time("to", to),
        continuation == null || continuation.isBlank() ? null : continuation,
        ConsoleParams.top(top, PAGE));
  }

  private static StreamRecord.Outcome outcome(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    StreamRecord.Outcome outcome = StreamRecord.Outcome.fromWireName(name.strip());
    if (outcome == null) {
      throw HubException.badRequest(
          "outcome must be accepted, rejected, offline, timedOut, throttled, unavailable or"
              + " notFound (got '"
              + name
              + "')");
    }
    return outcome;
  }
}
