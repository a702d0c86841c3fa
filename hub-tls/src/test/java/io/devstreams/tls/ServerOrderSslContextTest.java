package io.devstreams.tls;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class ServerOrderSslContextTest {

  @Test
  void enginesAndDefaultParametersPreferTheServersCipherSuiteOrder() throws Exception {
    SSLContext context = new SSLContext(new ServerOrderSslContext(), null, "TLS") {};
    context.init(null, null, null);

    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setEnabledCipherSuites(new String[] {"TLS_AES_256_GCM_SHA384"});

    assertThat(engine.getSSLParameters().getUseCipherSuitesOrder()).isTrue();
    engine.setSSLParameters(new javax.net.ssl.SSLParameters()); // as Grizzly does, saying "false"
    assertThat(engine.getSSLParameters().getUseCipherSuitesOrder()).isTrue();
    assertThat(engine.getEnabledCipherSuites()).isNotEmpty();
    assertThat(context.createSSLEngine("hub", 443).getSSLParameters().getUseCipherSuitesOrder())
        .isTrue();
    assertThat(context.getDefaultSSLParameters().getUseCipherSuitesOrder()).isTrue();
  }
}
