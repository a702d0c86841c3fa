package io.devstreams.device.cli;

import io.devstreams.protocol.cli.UsageException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services a device exposes, by stream name; at least one, names unique (case-sensitive, as
 * stream names are). Anything not in the map is unreachable through the agent.
 */
final class ServiceMap {

  private final Map<String, ServiceTarget> byName;

  private ServiceMap(Map<String, ServiceTarget> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * Parses every {@code --service} value, in order.
   *
   * @throws UsageException if there is none, one is malformed or a name repeats
   */
  static ServiceMap parse(List<String> specs) {
    if (specs.isEmpty()) {
      throw new UsageException("at least one --service NAME=HOST:PORT is required");
    }
    Map<String, ServiceTarget> byName = new LinkedHashMap<>();
    for (String spec : specs) {
      ServiceTarget target = ServiceTarget.parse(spec);
      if (byName.putIfAbsent(target.name(), target) != null) {
        throw new UsageException("--service '" + target.name() + "' is given twice");
      }
    }
    return new ServiceMap(byName);
  }

  /** Returns the service a stream name reaches, if any. */
  Optional<ServiceTarget> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Returns the services in the order given. */
  Collection<ServiceTarget> targets() {
    return byName.values();
  }

  /** Describes the map as {@code ssh -> localhost:22, web -> localhost:80}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (ServiceTarget target : byName.values()) {
      out.append(out.length() == 0 ? "" : ", ")
          .append(target.name())
          .append(" -> ")
          .append(target.address());
    }
    return out.toString();
  }
}
