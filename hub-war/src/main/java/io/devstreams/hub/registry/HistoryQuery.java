package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.streams.StreamRecord;
import io.devstreams.protocol.DeviceIds;
import java.time.Instant;

/**
 * Which stream records a person looks for in the audit trail, newest first.
 *
 * @param deviceId only this device's records, or null
 * @param policy only the records of requests by this shared access policy, or null
 * @param outcome only records with this outcome, or null
 * @param from only requests made at or after this time, or null
 * @param to only requests made before this time, or null
 * @param continuation where the page starts (from the previous page), or null for the first page
 * @param top how many records a page holds, 1 to {@value #MAX_TOP}
 */
public record HistoryQuery(
    String deviceId,
    String policy,
    StreamRecord.Outcome outcome,
    Instant from,
    Instant to,
    String continuation,
    int top) {

  /** The largest page. */
  public static final int MAX_TOP = 1000;

  /** The longest policy name looked for (the history keeps 64 characters). */
  public static final int MAX_POLICY = 64;

  /**
   * Checks the parts; blank texts mean no filter.
   *
   * @throws HubException BAD_REQUEST naming what is wrong
   */
  public HistoryQuery {
    deviceId = blankToNull(deviceId);
    policy = blankToNull(policy);
    if (deviceId != null) {
      try {
        DeviceIds.validate(deviceId);
      } catch (IllegalArgumentException e) {
        throw HubException.badRequest("device: " + e.getMessage());
      }
    }
    if (policy != null && policy.length() > MAX_POLICY) {
      throw HubException.badRequest("policy is longer than " + MAX_POLICY + " characters");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw HubException.badRequest("the time range is empty: 'from' must be before 'to'");
    }
    if (top < 1 || top > MAX_TOP) {
      throw HubException.badRequest("top must be from 1 to " + MAX_TOP + " (got " + top + ")");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
