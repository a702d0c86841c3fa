package io.devstreams.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.AuthType;
import io.devstreams.hub.registry.DeviceSpec;
import io.devstreams.hub.registry.DeviceStatus;
import io.devstreams.protocol.SasKeys;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class DeviceJsonReaderTest {

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
  }

  private static void assertBadRequest(String body, String message) {
    assertThatThrownBy(() -> DeviceJsonReader.read("dev1", json(body)))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.BAD_REQUEST))
        .hasMessage(message);
  }

  @Test
  void emptyObjectMeansAnEnabledSasDeviceWithGeneratedKeys() {
    DeviceSpec spec = DeviceJsonReader.read("dev1", json("{}"));

    assertThat(spec.deviceId()).isEqualTo("dev1");
    assertThat(spec.status()).isEqualTo(DeviceStatus.ENABLED);
    assertThat(spec.authType()).isEqualTo(AuthType.SAS);
    assertThat(spec.primaryKey()).isNull();
  }

  @Test
  void readsAnAzureDeviceDocumentIgnoringComputedMembers() {
    String key = SasKeys.generate();
    String body =
        "{'deviceId':'dev1','etag':'xyz','generationId':'g','status':'disabled',"
            + "'statusReason':'stolen','connectionState':'Connected','cloudToDeviceMessageCount':0,"
            + "'authentication':{'type':'sas','symmetricKey':{'primaryKey':'"
            + key
            + "','secondaryKey':null},'x509Thumbprint':{'primaryThumbprint':null,"
            + "'secondaryThumbprint':null}},'capabilities':{'iotEdge':false}}";

    DeviceSpec spec = DeviceJsonReader.read("dev1", json(body));

    assertThat(spec.status()).isEqualTo(DeviceStatus.DISABLED);
    assertThat(spec.statusReason()).isEqualTo("stolen");
    assertThat(spec.primaryKey()).isEqualTo(key);
    assertThat(spec.secondaryKey()).isNull();
  }

  @Test
  void emptyKeysFromAzureSdksMeanNoKeysGiven() {
    DeviceSpec spec =
        DeviceJsonReader.read(
            "dev1",
            json(
                "{'deviceId':'dev1','status':'enabled','authentication':{'type':'sas',"
                    + "'symmetricKey':{'primaryKey':'','secondaryKey':''}}}"));

    assertThat(spec.authType()).isEqualTo(AuthType.SAS);
    assertThat(spec.primaryKey()).isNull();
    assertThat(spec.secondaryKey()).isNull();
  }

  @Test
  void thumbprintsWithoutATypeMeanASelfSignedDevice() {
    String thumbprint = "AB".repeat(32);
    DeviceSpec spec =
        DeviceJsonReader.read(
            "dev1",
            json(
                "{'authentication':{'x509Thumbprint':{'primaryThumbprint':'"
                    + thumbprint
                    + "','secondaryThumbprint':''},'symmetricKey':{'primaryKey':''}}}"));

    assertThat(spec.authType()).isEqualTo(AuthType.SELF_SIGNED);
    assertThat(spec.primaryThumbprint()).isEqualTo(thumbprint);
    assertThat(spec.secondaryThumbprint()).isNull();
  }

  @Test
  void readsTheStatusInAnyCaseAsAzureDoes() {
    assertThat(DeviceJsonReader.read("dev1", json("{'status':'Disabled'}")).status())
        .isEqualTo(DeviceStatus.DISABLED);
  }

  @Test
  void refusesABodyThatIsNotAnObject() {
    assertThatThrownBy(
            () -> DeviceJsonReader.read("dev1", Json.createArrayBuilder().add(1).build()))
        .hasMessage("the request body must be a JSON object (got array)");
  }

  @Test
  void refusesBodyIdThatDiffersFromThePath() {
    assertBadRequest(
        "{'deviceId':'dev2'}", "deviceId in the body ('dev2') differs from the id in the path");
  }

  @Test
  void refusesStatusOfTheWrongType() {
    assertBadRequest("{'status':5}", "status must be a string (got number)");
  }

  @Test
  void refusesUnknownStatus() {
    assertBadRequest(
        "{'status':'paused'}", "status must be 'enabled' or 'disabled' (got 'paused')");
  }

  @Test
  void refusesAuthenticationThatIsNotAnObject() {
    assertBadRequest("{'authentication':[]}", "authentication must be an object (got array)");
  }

  @Test
  void refusesKeyOfTheWrongType() {
    assertBadRequest(
        "{'authentication':{'symmetricKey':{'primaryKey':true}}}",
        "authentication.symmetricKey.primaryKey must be a string (got true)");
  }

  @Test
  void readsASelfSignedDeviceWithThumbprintsInOpensslsSpelling() {
    String primary = "ab:".repeat(31) + "ab";
    DeviceSpec spec =
        DeviceJsonReader.read(
            "dev1",
            json(
                "{'authentication':{'type':'selfSigned','x509Thumbprint':{'primaryThumbprint':'"
                    + primary
                    + "','secondaryThumbprint':'"
                    + "CD".repeat(32)
                    + "'}}}"));

    assertThat(spec.authType()).isEqualTo(AuthType.SELF_SIGNED);
    assertThat(spec.primaryThumbprint()).isEqualTo("AB".repeat(32));
    assertThat(spec.secondaryThumbprint()).isEqualTo("CD".repeat(32));
  }

  @Test
  void refusesThumbprintsOnAKeyDevice() {
    assertBadRequest(
        "{'authentication':{'type':'sas','x509Thumbprint':{'primaryThumbprint':'"
            + "AB".repeat(32)
            + "'}}}",
        "authentication.x509Thumbprint is not used by this authentication type; leave it out");
  }

  @Test
  void refusesAShortThumbprint() {
    assertBadRequest(
        "{'authentication':{'type':'selfSigned','x509Thumbprint':{'primaryThumbprint':'AB'}}}",
        "authentication.x509Thumbprint.primaryThumbprint must be a SHA-256 thumbprint of 64 hex"
            + " digits (openssl x509 -noout -fingerprint -sha256 -in CERT.pem)");
  }

  @Test
  void refusesUnknownAuthenticationType() {
    assertBadRequest(
        "{'authentication':{'type':'certificateAuthority'}}",
        "authentication type must be 'sas', 'selfSigned' or 'none' (got 'certificateAuthority')");
  }
}
