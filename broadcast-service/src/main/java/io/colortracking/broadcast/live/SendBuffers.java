package io.colortracking.broadcast.live;

import io.colortracking.broadcast.config.BroadcastConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * The kernel send buffer of each connection, when configured: smaller buffers bound the memory a
 * client that stopped reading can hold in the kernel, and let the stuck-client timeout see it sooner.
 */
@Singleton
public class SendBuffers implements HttpServerOptionsCustomizer {

    private final BroadcastConfig config;

    public SendBuffers(BroadcastConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        config.live().sendBufferSize().ifPresent(options::setSendBufferSize);
    }
}
