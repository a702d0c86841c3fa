package io.devstreams.protocol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTest {

  private static Value flag(String name, String text) {
    return new Value(text, name, Value.Origin.FLAG);
  }

  @Test
  void conversionRefusalNamesTheSource() {
    Value port = new Value("x", "APP_PORT", Value.Origin.ENVIRONMENT);

    assertThatThrownBy(
            () ->
                port.as(
                    text -> {
                      throw new IllegalArgumentException("not a port");
                    }))
        .isInstanceOf(UsageException.class)
        .hasMessage("APP_PORT: not a port")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    int seven = flag("--n", "7").as(Integer::parseInt);
    assertThat(seven).isEqualTo(7);
  }

  @Test
  void choiceOutsideTheChoicesListsThem() {
    assertThat(flag("--protocol", "1").oneOf(List.of("1", "2"))).isEqualTo("1");
    assertThatThrownBy(() -> flag("--protocol", "3").oneOf(List.of("1", "2")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--protocol must be 1 or 2 (got '3')");
    assertThatThrownBy(() -> flag("--mode", "x").oneOf(List.of("a", "b", "c")))
        .hasMessage("--mode must be a, b or c (got 'x')");
  }

  @Test
  void badNumbersAreRefusedWithTheRange() {
    WholeNumber port = new WholeNumber("a port number", 0, 65535);
    WholeNumber timeout = new WholeNumber("a whole number of seconds", 0, Integer.MAX_VALUE);

    assertThat(port.parse(flag("--local-port", "65535"))).isEqualTo(65535);
    assertThat(timeout.parse(flag("--connect-timeout", "0"))).isZero();
    assertThatThrownBy(() -> port.parse(flag("--local-port", "65536")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--local-port must be a port number from 0 to 65535 (got '65536')");
    assertThatThrownBy(() -> timeout.parse(flag("--connect-timeout", "-1")))
        .hasMessage("--connect-timeout must be a whole number of seconds, 0 or more (got '-1')");
    for (String bad : List.of("ten", "1.5", "+3", " 3", "", "99999999999", "0x10")) {
      assertThatThrownBy(() -> port.parse(flag("--local-port", bad)))
          .as(bad)
          .isInstanceOf(UsageException.class);
    }
  }

  @Test
  void numberTooLargeForAnIntIsRefusedNotWrapped() {
    WholeNumber any = new WholeNumber("a whole number", 1, Integer.MAX_VALUE);

    assertThatThrownBy(() -> any.parse(flag("--limit", "4294967297")))
        .hasMessage("--limit must be a whole number, 1 or more (got '4294967297')");
  }
}
