package io.colortracking.broadcast.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.config.BroadcastConfig;
import io.colortracking.broadcast.live.LiveMetrics;
import io.colortracking.broadcast.live.LiveSession;
import io.colortracking.broadcast.live.LiveSessions;
import io.colortracking.common.CloseCodes;
import io.colortracking.common.keys.ApiKeys;
import io.colortracking.common.keys.KeyIdentity;
import io.colortracking.common.keys.RequestKeys;
import io.colortracking.events.Action;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed's ActionCable endpoint, so a client written for it (for example {@code @rails/actioncable})
 * works unchanged: subprotocol {@code actioncable-v1-json}; {@code welcome}, a {@code ping} every
 * 3 s, {@code subscribe} → {@code confirm_subscription} for {@code ClicksChannel} and
 * {@code HoversChannel}, then the action's results after every change. Written by hand: no library
 * speaks ActionCable's server side in Java. With {@code ?api_key=} it serves that key, without one
 * the configured compatibility key ({@code testing}). A client sending more than
 * {@code colortracking.cable.max-messages-per-second} commands in a second is closed with 1008.
 */
@WebSocket(path = "/v1/events/cable")
public class CableSocket {

    static final Map<String, Action> CHANNELS = Map.of("ClicksChannel", Action.CLICK, "HoversChannel", Action.HOVER);

    private final LiveSessions sessions;
    private final ApiKeys keys;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final BroadcastConfig config;
    private final LiveMetrics metrics;
    private final Vertx vertx;
    private final Map<String, CableFormat> formats = new ConcurrentHashMap<>();
    private final Set<WebSocketConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, MessageBudget> budgets = new ConcurrentHashMap<>();

    public CableSocket(
            LiveSessions sessions,
            ApiKeys keys,
            SecurityIdentity identity,
            ObjectMapper mapper,
            BroadcastConfig config,
            LiveMetrics metrics,
            Vertx vertx) {
        this.sessions = sessions;
        this.keys = keys;
        this.identity = identity;
        this.mapper = mapper;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        vertx.setPeriodic(3000, id -> {
            String ping = "{\"type\":\"ping\",\"message\":" + System.currentTimeMillis() / 1000 + "}";
            for (WebSocketConnection connection : connections) {
                LiveSession session = sessions.session(connection.id());
                if (session != null && session.isWriting()) {
                    continue; // a client that does not read gets no pile of pings
                }
                connection.sendText(ping).subscribe().with(done -> {}, error -> {});
            }
        });
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        WebSocketOutlet outlet = new WebSocketOutlet(connection, "cable");
        RequestKeys.Admission admission = KeyIdentity.admission(identity);
        if (admission.namedNoKey()) {
            // the seed's clients name no key: they count on the compatibility key
            admission = RequestKeys.admit(
                    keys,
                    null,
                    null,
                    config.cable().compatibilityKey(),
                    connection.handshakeRequest().header("Origin"));
        }
        if (!admission.admitted()) {
            refuse(connection, outlet, admission);
            return;
        }
        CableFormat format = new CableFormat(mapper);
        formats.put(connection.id(), format);
        connections.add(connection);
        // nothing is sent to the session before a subscription, which comes after the welcome
        sessions.open(new LiveSession(outlet, admission.key().apiKey(), format));
        connection.sendText("{\"type\":\"welcome\"}").subscribe().with(done -> {}, error -> {});
    }

    /**
     * Closes with the refusal's code, after the protocol's own word: a {@code disconnect} that
     * asks ActionCable's client to reconnect by itself while the keys load, and not to otherwise.
     */
    private void refuse(WebSocketConnection connection, WebSocketOutlet outlet, RequestKeys.Admission admission) {
        boolean loading = admission.closeCode() == CloseCodes.TRY_AGAIN_LATER;
        metrics.closed(
                loading
                        ? LiveMetrics.KEYS_LOADING
                        : admission.closeCode() == CloseCodes.FORBIDDEN
                                ? LiveMetrics.FORBIDDEN
                                : LiveMetrics.UNAUTHORIZED);
        String disconnect = loading
                ? "{\"type\":\"disconnect\",\"reason\":\"server_restart\",\"reconnect\":true}"
                : "{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}";
        connection
                .sendText(disconnect)
                .subscribe()
                .with(
                        done -> outlet.close(admission.closeCode(), admission.detail()),
                        error -> outlet.close(admission.closeCode(), admission.detail()));
    }

    @OnTextMessage
    public void onMessage(WebSocketConnection connection, String text) {
        CableFormat format = formats.get(connection.id());
        LiveSession session = sessions.session(connection.id());
        if (format == null || session == null) {
            return;
        }
        MessageBudget budget = budgets.computeIfAbsent(connection.id(), id -> new MessageBudget());
        if (!budget.allow(System.nanoTime(), config.cable().maxMessagesPerSecond())) {
            // a client subscribes to two channels; a flood (each subscribe is answered) is closed
            sessions.closed(connection.id(), LiveMetrics.POLICY);
            outletOf(connection)
                    .close(
                            CloseCodes.POLICY_VIOLATION,
                            "more than " + config.cable().maxMessagesPerSecond() + " messages in a second");
            return;
        }
        JsonNode command;
        try {
            command = mapper.readTree(text);
        } catch (IOException e) {
            return; // ActionCable ignores what it cannot read
        }
        String identifier = command.path("identifier").asText(null);
        if (identifier == null) {
            return;
        }
        switch (command.path("command").asText("")) {
            case "subscribe" -> {
                Action action = CHANNELS.get(channelOf(identifier));
                if (action == null) {
                    reply(connection, identifier, "reject_subscription");
                    return;
                }
                // confirmed first: the results follow with the next flush
                connection
                        .sendText(format(identifier, "confirm_subscription"))
                        .subscribe()
                        .with(
                                done -> {
                                    format.subscribe(identifier, action);
                                    sessions.poke(session);
                                },
                                error -> {});
            }
            case "unsubscribe" -> format.unsubscribe(identifier);
            default -> {} // "message" and the rest: these channels take no input
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        connections.remove(connection);
        formats.remove(connection.id());
        budgets.remove(connection.id());
        sessions.closed(connection.id(), LiveMetrics.CLIENT);
    }

    private static WebSocketOutlet outletOf(WebSocketConnection connection) {
        return new WebSocketOutlet(connection, "cable");
    }

    private String channelOf(String identifier) {
        try {
            return mapper.readTree(identifier).path("channel").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private void reply(WebSocketConnection connection, String identifier, String type) {
        connection.sendText(format(identifier, type)).subscribe().with(done -> {}, error -> {});
    }

    private String format(String identifier, String type) {
        try {
            return mapper.writeValueAsString(Map.of("identifier", identifier, "type", type));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
