package io.devstreams.device;

/** Why a {@link DeviceClient} stopped for good. */
public enum StopReason {

  /** {@link DeviceClient#close} was called. */
  CLOSED,

  /** The hub closed the channel with 4004: another connection for this device took over. */
  REPLACED
}
