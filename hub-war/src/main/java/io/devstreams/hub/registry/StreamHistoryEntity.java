package io.devstreams.hub.registry;

import io.devstreams.hub.streams.StreamRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One row of the stream history; rows are written once and never changed. The generated id orders
 * them (newest first) and continues a listing.
 */
@Entity(name = "StreamHistory")
@Table(
    name = "STREAM_HISTORY",
    indexes = {
      @Index(name = "STREAM_HISTORY_DEVICE", columnList = "DEVICE_ID, ID"),
      @Index(name = "STREAM_HISTORY_ENDED", columnList = "ENDED_AT")
    })
@NamedQuery(
    name = StreamHistoryEntity.PAGE,
    query = "SELECT h FROM StreamHistory h WHERE h.id < :before ORDER BY h.id DESC")
@NamedQuery(
    name = StreamHistoryEntity.PAGE_OF_DEVICE,
    query =
        "SELECT h FROM StreamHistory h WHERE h.id < :before AND h.deviceId = :device"
            + " ORDER BY h.id DESC")
@NamedQuery(
    name = StreamHistoryEntity.PRUNE,
    query = "DELETE FROM StreamHistory h WHERE h.endedAt < :cutoff")
class StreamHistoryEntity {

  /** Rows with an id below {@code :before}, newest first. */
  static final String PAGE = "StreamHistory.page";

  /** Rows of device {@code :device} with an id below {@code :before}, newest first. */
  static final String PAGE_OF_DEVICE = "StreamHistory.pageOfDevice";

  /** Deletes the rows of streams that ended before {@code :cutoff}. */
  static final String PRUNE = "StreamHistory.prune";

  /** The longest reason kept; longer ones are cut (a device chooses its rejection reasons). */
  static final int MAX_TEXT = 500;

  // bin/devstreams-hub creates this sequence, with these numbers, when it creates the database.
  @Id
  @SequenceGenerator(name = "STREAM_HISTORY_SEQ", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "STREAM_HISTORY_SEQ")
  @Column(name = "ID")
  private long id;

  @Column(name = "STREAM_ID", length = 64)
  private String streamId;

  @Column(name = "REQUESTED_BY", length = 64, nullable = false)
  private String requestedBy;

  @Column(name = "DEVICE_ID", length = 128, nullable = false)
  private String deviceId;

  @Column(name = "STREAM_NAME", length = 128, nullable = false)
  private String streamName;

  @Column(name = "OUTCOME", length = 16, nullable = false)
  private String outcome;

  @Column(name = "DETAIL", length = MAX_TEXT)
  private String detail;

  @Column(name = "REQUESTED_AT", nullable = false)
  private OffsetDateTime requestedAt;

  @Column(name = "PAIRED_AT")
  private OffsetDateTime pairedAt;

  @Column(name = "ENDED_AT", nullable = false)
  private OffsetDateTime endedAt;

  @Column(name = "BYTES_FROM_DEVICE", nullable = false)
  private long bytesFromDevice;

  @Column(name = "BYTES_FROM_SERVICE", nullable = false)
  private long bytesFromService;

  @Column(name = "CLOSE_CODE")
  private Integer closeCode;

  @Column(name = "CLOSE_REASON", length = MAX_TEXT)
  private String closeReason;

  /** For JPA. */
  protected StreamHistoryEntity() {}

  /** Copies a record into a new row. */
  StreamHistoryEntity(StreamRecord r) {
    this.streamId = r.streamId();
    this.requestedBy = cut(r.requestedBy(), 64);
    this.deviceId = cut(r.deviceId(), 128);
    this.streamName = cut(r.streamName(), 128);
    this.outcome = r.outcome().wireName();
    this.detail = cut(r.detail(), MAX_TEXT);
    this.requestedAt = r.requestedAt().atOffset(ZoneOffset.UTC);
    this.pairedAt = r.pairedAt() == null ? null : r.pairedAt().atOffset(ZoneOffset.UTC);
    this.endedAt = r.endedAt().atOffset(ZoneOffset.UTC);
    this.bytesFromDevice = r.bytesFromDevice();
    this.bytesFromService = r.bytesFromService();
    this.closeCode = r.closeCode();
    this.closeReason = cut(r.closeReason(), MAX_TEXT);
  }

  long id() {
    return id;
  }

  /** Returns the row as the record it was made from (texts cut to their columns). */
  StreamRecord toRecord() {
    StreamRecord.Outcome o = StreamRecord.Outcome.fromWireName(outcome);
    return new StreamRecord(
        streamId,
        requestedBy,
        deviceId,
        streamName,
        o == null ? StreamRecord.Outcome.REJECTED : o,
        detail,
        requestedAt.toInstant(),
        pairedAt == null ? null : pairedAt.toInstant(),
        endedAt.toInstant(),
        bytesFromDevice,
        bytesFromService,
        closeCode,
        closeReason);
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
