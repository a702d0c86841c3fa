package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseCodesTest {

  private static List<Integer> allCodes() throws IllegalAccessException {
    List<Integer> codes = new ArrayList<>();
    for (Field field : CloseCodes.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        codes.add(field.getInt(null));
      }
    }
    return codes;
  }

  @Test
  void everyCodeHasItsOwnDescription() throws IllegalAccessException {
    List<Integer> codes = allCodes();

    assertThat(codes).hasSize(17);
    assertThat(codes.stream().map(CloseCodes::describe))
        .doesNotHaveDuplicates()
        .noneMatch(text -> text.startsWith("close code"));
  }

  @Test
  void codesAreUnique() throws IllegalAccessException {
    assertThat(allCodes()).doesNotHaveDuplicates();
  }

  @Test
  void streamStateCodesAreInThePrivateUseRange() {
    assertThat(CloseCodes.PEER_CLOSED).isBetween(4000, 4999);
    assertThat(CloseCodes.SHUTTING_DOWN).isBetween(4000, 4999);
  }

  @Test
  void describesAReplacedControlChannel() {
    assertThat(CloseCodes.describe(CloseCodes.REPLACED))
        .isEqualTo("replaced by a newer connection");
  }

  @Test
  void describesAnUnknownCodeByNumber() {
    assertThat(CloseCodes.describe(4999)).isEqualTo("close code 4999");
  }
}
