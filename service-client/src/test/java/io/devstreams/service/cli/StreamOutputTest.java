package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class StreamOutputTest {

  @Test
  void bytesBelowOneKibibyteAreExact() {
    assertThat(StreamOutput.bytes(0)).isEqualTo("0 B");
    assertThat(StreamOutput.bytes(1023)).isEqualTo("1023 B");
  }

  @Test
  void largerByteCountsUseBinaryUnitsWithOneDecimal() {
    assertThat(StreamOutput.bytes(1024)).isEqualTo("1.0 KiB");
    assertThat(StreamOutput.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(StreamOutput.bytes(100L * 1024 * 1024)).isEqualTo("100.0 MiB");
    assertThat(StreamOutput.bytes(3L << 40)).isEqualTo("3.0 TiB");
    assertThat(StreamOutput.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
  }

  @Test
  void agesUseTheTwoLargestUnits() {
    assertThat(StreamOutput.age(0)).isEqualTo("0s");
    assertThat(StreamOutput.age(59)).isEqualTo("59s");
    assertThat(StreamOutput.age(60)).isEqualTo("1m00s");
    assertThat(StreamOutput.age(3599)).isEqualTo("59m59s");
    assertThat(StreamOutput.age(3600)).isEqualTo("1h00m");
    assertThat(StreamOutput.age(2 * 86400 + 3 * 3600 + 59)).isEqualTo("2d03h");
  }

  @Test
  void ipv6AddressesAreBracketed() throws Exception {
    assertThat(StreamOutput.address(new InetSocketAddress(InetAddress.getByName("::1"), 2222)))
        .isEqualTo("[0:0:0:0:0:0:0:1]:2222");
    assertThat(StreamOutput.address(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)))
        .isEqualTo("127.0.0.1:0");
  }
}
