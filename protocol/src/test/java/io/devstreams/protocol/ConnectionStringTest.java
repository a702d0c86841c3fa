package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ConnectionStringTest {

  /** 32 bytes whose base64 ends in '=' padding. */
  private static final String KEY = "ZGV2c3RyZWFtcy10ZXN0LWtleS0wMTIzNDU2Nzg5YWI=";

  private static final String SERVICE =
      "HostName=localhost:8443;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY;
  private static final String DEVICE =
      "HostName=localhost:8443;DeviceId=dev1;SharedAccessKey=" + KEY;

  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

  private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String text) {
    return assertThatThrownBy(() -> ConnectionString.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesAServiceConnectionString() {
    ConnectionString cs = ConnectionString.parse(SERVICE);

    assertThat(cs.hostName()).isEqualTo("localhost:8443");
    assertThat(cs.sharedAccessKeyName()).isEqualTo("iothubowner");
    assertThat(cs.deviceId()).isNull();
    assertThat(cs.sharedAccessKey()).isEqualTo(KEY);
    assertThat(cs.isDevice()).isFalse();
  }

  @Test
  void parsesADeviceConnectionString() {
    ConnectionString cs = ConnectionString.parse(DEVICE);

    assertThat(cs.deviceId()).isEqualTo("dev1");
    assertThat(cs.sharedAccessKeyName()).isNull();
    assertThat(cs.isDevice()).isTrue();
  }

  @Test
  void keepsTheBase64PaddingOfTheKey() {
    assertThat(ConnectionString.parse(DEVICE).sharedAccessKey()).endsWith("=").isEqualTo(KEY);
  }

  @Test
  void toleratesSurroundingWhitespaceAndATrailingSemicolon() {
    assertThat(ConnectionString.parse("  \t" + DEVICE + ";\n"))
        .isEqualTo(ConnectionString.parse(DEVICE));
  }

  @Test
  void acceptsPartsInAnyOrder() {
    String reordered = "SharedAccessKey=" + KEY + ";DeviceId=dev1;HostName=localhost:8443";

    assertThat(ConnectionString.parse(reordered)).isEqualTo(ConnectionString.parse(DEVICE));
  }

  @Test
  void formatRendersTheCanonicalServiceString() {
    assertThat(ConnectionString.parse(SERVICE + ";").format()).isEqualTo(SERVICE);
  }

  @Test
  void formatRendersTheCanonicalDeviceString() {
    assertThat(ConnectionString.forDevice("localhost:8443", "dev1", KEY).format())
        .isEqualTo(DEVICE);
  }

  @Test
  void factoriesBuildWhatParseReads() {
    assertThat(ConnectionString.forService("localhost:8443", "iothubowner", KEY))
        .isEqualTo(ConnectionString.parse(SERVICE));
  }

  @Test
  void toStringRedactsTheKey() {
    String text = ConnectionString.parse(SERVICE).toString();

    assertThat(text).contains("localhost:8443", "iothubowner", "<redacted>").doesNotContain(KEY);
  }

  @Test
  void keyBytesDecodesTheKey() {
    assertThat(ConnectionString.parse(DEVICE).keyBytes())
        .isEqualTo(Base64.getDecoder().decode(KEY));
  }

  @Test
  void sasResourceOfAPolicyIsTheHost() {
    assertThat(ConnectionString.parse(SERVICE).sasResource()).isEqualTo("localhost:8443");
  }

  @Test
  void sasResourceOfADeviceNamesTheDevice() {
    assertThat(ConnectionString.parse(DEVICE).sasResource())
        .isEqualTo("localhost:8443/devices/dev1");
  }

  @Test
  void deviceTokenIsSignedForTheDeviceAndExpiresAfterTheTtl() {
    ConnectionString cs = ConnectionString.parse(DEVICE);

    SasToken token = SasToken.parse(cs.createToken(Duration.ofHours(1), CLOCK));

    assertThat(token.signatureMatches(cs.keyBytes())).isTrue();
    assertThat(token.isForResource("localhost:8443/devices/dev1")).isTrue();
    assertThat(token.expiry()).isEqualTo(1_700_003_600L);
    assertThat(token.keyName()).isNull();
  }

  @Test
  void serviceTokenCarriesThePolicyName() {
    ConnectionString cs = ConnectionString.parse(SERVICE);

    SasToken token = SasToken.parse(cs.createToken(Duration.ofMinutes(5), CLOCK));

    assertThat(token.keyName()).isEqualTo("iothubowner");
    assertThat(token.isForResource("localhost:8443")).isTrue();
  }

  @Test
  void createTokenRejectsAZeroLifetime() {
    ConnectionString cs = ConnectionString.parse(DEVICE);

    assertThatThrownBy(() -> cs.createToken(Duration.ZERO, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token lifetime must be positive");
  }

  @Test
  void rejectsNull() {
    rejecting(null).hasMessage("connection string is missing");
  }

  @Test
  void rejectsBlank() {
    rejecting("  ").hasMessage("connection string is empty");
  }

  @Test
  void rejectsASemicolonAlone() {
    rejecting(";").hasMessage("connection string is empty");
  }

  @Test
  void rejectsAMissingHostName() {
    rejecting("DeviceId=dev1;SharedAccessKey=" + KEY)
        .hasMessage("connection string has no HostName");
  }

  @Test
  void rejectsAMissingKey() {
    rejecting("HostName=h;DeviceId=dev1").hasMessage("connection string has no SharedAccessKey");
  }

  @Test
  void rejectsNeitherDeviceIdNorKeyName() {
    rejecting("HostName=h;SharedAccessKey=" + KEY)
        .hasMessage("connection string has neither DeviceId nor SharedAccessKeyName");
  }

  @Test
  void rejectsBothDeviceIdAndKeyName() {
    rejecting(DEVICE + ";SharedAccessKeyName=iothubowner")
        .hasMessage("connection string has both DeviceId and SharedAccessKeyName");
  }

  @Test
  void rejectsAnUnknownPart() {
    rejecting(DEVICE + ";Foo=bar").hasMessage("unknown part 'Foo' in connection string");
  }

  @Test
  void partNamesAreCaseSensitive() {
    rejecting(DEVICE.replace("HostName", "hostname"))
        .hasMessage("unknown part 'hostname' in connection string");
  }

  @Test
  void doesNotEchoAnUnknownPartThatLooksLikeAKey() {
    rejecting("HostName=h;DeviceId=d;" + KEY)
        .hasMessage("unknown part 3 in connection string")
        .message()
        .doesNotContain(KEY.substring(0, 20));
  }

  @Test
  void rejectsADuplicatedPart() {
    rejecting(DEVICE + ";HostName=other")
        .hasMessage("connection string has HostName more than once");
  }

  @Test
  void rejectsAPartWithoutEquals() {
    rejecting("HostName=h;DeviceId;SharedAccessKey=" + KEY)
        .hasMessage("connection string part 2 has no '='");
  }

  @Test
  void rejectsAnEmptyPart() {
    rejecting("HostName=h;;DeviceId=d;SharedAccessKey=" + KEY)
        .hasMessage("connection string part 2 is empty");
  }

  @Test
  void rejectsAnEmptyHostName() {
    rejecting(DEVICE.replace("localhost:8443", ""))
        .hasMessage("connection string has an empty HostName");
  }

  @Test
  void rejectsAHostNameWithAPath() {
    rejecting(DEVICE.replace("localhost:8443", "localhost:8443/x"))
        .hasMessage(
            "HostName in the connection string contains '/' at position 14; expected host[:port]");
  }

  @Test
  void rejectsAnEmptyDeviceId() {
    rejecting(DEVICE.replace("dev1", "")).hasMessage("connection string has an empty DeviceId");
  }

  @Test
  void rejectsAnInvalidDeviceId() {
    rejecting(DEVICE.replace("dev1", "dev%1"))
        .hasMessageStartingWith(
            "DeviceId in the connection string: device id contains '%' at position 3");
  }

  @Test
  void rejectsAnEmptyKeyName() {
    rejecting(SERVICE.replace("iothubowner", ""))
        .hasMessage("connection string has an empty SharedAccessKeyName");
  }

  @Test
  void rejectsAKeyNameWithASpace() {
    rejecting(SERVICE.replace("iothubowner", "iothub owner"))
        .hasMessageStartingWith(
            "SharedAccessKeyName in the connection string: policy name contains ' '");
  }

  @Test
  void rejectsAnEmptyKey() {
    rejecting("HostName=h;DeviceId=d;SharedAccessKey=")
        .hasMessage("connection string has an empty SharedAccessKey");
  }

  @Test
  void rejectsAKeyThatIsNotBase64WithoutEchoingIt() {
    rejecting("HostName=h;DeviceId=d;SharedAccessKey=secret*key!")
        .hasMessage("SharedAccessKey in the connection string is not valid base64");
  }

  @Test
  void constructorRejectsBothDeviceIdAndKeyName() {
    assertThatThrownBy(() -> new ConnectionString("h", "iothubowner", "dev1", KEY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection string has both DeviceId and SharedAccessKeyName");
  }

  @Test
  void factoryRejectsAKeyThatIsNotBase64() {
    assertThatThrownBy(() -> ConnectionString.forService("h", "iothubowner", "%%%"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SharedAccessKey in the connection string is not valid base64");
  }

  @Test
  void parsesAnX509DeviceConnectionStringAsAzureWritesIt() {
    ConnectionString cs = ConnectionString.parse("HostName=localhost:8444;DeviceId=dev1;x509=true");

    assertThat(cs.x509()).isTrue();
    assertThat(cs.isDevice()).isTrue();
    assertThat(cs.sharedAccessKey()).isNull();
    assertThat(cs.format()).isEqualTo("HostName=localhost:8444;DeviceId=dev1;x509=true");
    assertThat(cs).isEqualTo(ConnectionString.forX509Device("localhost:8444", "dev1"));
    assertThatThrownBy(() -> cs.createToken(Duration.ofHours(1), CLOCK))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("device dev1 authenticates with its X.509 certificate and has no key");
  }

  @Test
  void x509FalseIsAKeyDevice() {
    assertThat(ConnectionString.parse(DEVICE + ";x509=false").x509()).isFalse();
  }

  @Test
  void refusesX509WithAKeyOrForAPolicyOrNotABoolean() {
    rejecting(DEVICE + ";x509=true")
        .hasMessage("connection string has both x509=true and a SharedAccessKey");
    rejecting(SERVICE + ";x509=true")
        .hasMessage("connection string has x509=true, which only a device's may have");
    rejecting("HostName=h;DeviceId=d;x509=yes")
        .hasMessage("x509 in the connection string must be true or false");
    rejecting("HostName=h;DeviceId=d;x509=false")
        .hasMessage("connection string has no SharedAccessKey");
  }
}
