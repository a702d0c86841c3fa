package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void fromCodeFindsEveryCode() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ErrorCode.fromCode(code.code())).contains(code);
    }
  }

  @Test
  void fromCodeIsEmptyForAnUnknownCode() {
    assertThat(ErrorCode.fromCode(499999)).isEmpty();
  }

  @Test
  void everyCodeStartsWithItsHttpStatus() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(code.code() / 1000).as(code.name()).isEqualTo(code.httpStatus());
    }
  }

  @Test
  void codesAreUnique() {
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates();
  }

  @Test
  void keepsAzureCodesForDeviceStates() {
    assertThat(ErrorCode.DEVICE_NOT_FOUND.code()).isEqualTo(404001);
    assertThat(ErrorCode.DEVICE_NOT_ONLINE.code()).isEqualTo(404103);
    assertThat(ErrorCode.UNAUTHORIZED.code()).isEqualTo(401002);
    assertThat(ErrorCode.GATEWAY_TIMEOUT.code()).isEqualTo(504101);
    assertThat(ErrorCode.PRECONDITION_FAILED.code()).isEqualTo(412001);
  }
}
