package io.i2v.nemosim;

import static io.i2v.nemo.contract.NemoApi.ANONYMOUS_TOKEN;
import static io.i2v.nemo.contract.NemoApi.CREATE_SESSION;
import static io.i2v.nemo.contract.NemoApi.CREDITS;
import static io.i2v.nemo.contract.NemoApi.RENDER;
import static io.i2v.nemo.contract.NemoApi.RENDER_CANCEL;
import static io.i2v.nemo.contract.NemoApi.RENDER_DOWNLOAD;
import static io.i2v.nemo.contract.NemoApi.RENDER_SUBMIT;
import static io.i2v.nemo.contract.NemoApi.RUN_SSE;
import static io.i2v.nemo.contract.NemoApi.STATE;
import static io.i2v.nemo.contract.NemoApi.UPLOAD;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes each request to its handler: the open routes first, then the bearer check (which may
 * answer 1001 itself), then the API's routes, in the order of the table below; else 404.
 * Every request is recorded first, with its headers.
 */
final class SimRouter implements Handler<HttpServerRequest> {
    private static final Pattern PARAM = Pattern.compile("\\{[^/}]+}");

    /** What a handler gets: the request, the caller (null on open routes), the path parameters. */
    record Call(HttpServerRequest req, SimUser user, List<String> params) {
        String param() {
            return params.get(0);
        }
    }

    /** One route; a null method matches any method. */
    private record Route(String method, Pattern path, Handler<Call> handler) {
        List<String> match(HttpServerRequest req) {
            Matcher m = path.matcher(req.path());
            if (!m.matches() || method != null && !method.equals(req.method().name())) {
                return null;
            }
            List<String> params = new ArrayList<>();
            for (int g = 1; g <= m.groupCount(); g++) {
                params.add(m.group(g));
            }
            return params;
        }
    }

    private final List<Route> open = new ArrayList<>();
    private final List<Route> api = new ArrayList<>();
    private final SimUsers users;
    private final SimRecord record;
    private final SimReplies replies;
    private final Clock clock;

    SimRouter(
            SimUsers users,
            SimSessions sessions,
            SimUploads uploads,
            MessageStream stream,
            SimRenders renders,
            SimInspection inspection,
            SimRecord record,
            SimReplies replies,
            Clock clock) {
        this.users = users;
        this.record = record;
        this.replies = replies;
        this.clock = clock;
        open.add(route("GET", SimInspection.PATH, c -> inspection.summary(c.req())));
        open.add(route("POST", ANONYMOUS_TOKEN, c -> users.anonymousToken(c.req())));
        open.add(route(null, SimRenders.CDN, c -> renders.cdn(c.req(), c.param())));

        api.add(route("POST", CREATE_SESSION, withBody((c, b) -> sessions.create(c.req(), c.user()))));
        api.add(route("POST", UPLOAD, c -> uploads.upload(c.req(), c.user(), c.param())));
        api.add(route("POST", RUN_SSE, withBody((c, b) -> stream.runSse(c.req(), c.user(), b))));
        api.add(route(null, STATE, c -> sessions.state(c.req(), c.user(), c.param())));
        api.add(route(null, CREDITS, c -> users.balance(c.req(), c.user())));
        api.add(route("POST", RENDER_CANCEL, c -> renders.cancel(c.req(), c.param())));
        api.add(route("POST", RENDER_SUBMIT, withBody((c, b) -> renders.submit(c.req(), c.user(), b))));
        api.add(route(null, RENDER, c -> renders.poll(c.req(), c.param())));
        api.add(route(null, RENDER_DOWNLOAD, c -> renders.download(c.req(), c.param())));
    }

    @Override
    public void handle(HttpServerRequest req) {
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        record.request(new SimRecord.Request(clock.instant(), req.method().name(), req.path(), Map.copyOf(headers)));
        try {
            if (dispatch(open, req, null)) {
                return;
            }
            SimUser user = users.authenticate(req);
            if (user != null && !dispatch(api, req, user)) {
                replies.error(req, 404, 404, "no such endpoint: " + req.path());
            }
        } catch (RuntimeException e) {
            replies.error(req, 500, 500, "simulator error: " + e);
        }
    }

    private static boolean dispatch(List<Route> routes, HttpServerRequest req, SimUser user) {
        for (Route r : routes) {
            List<String> params = r.match(req);
            if (params != null) {
                r.handler().handle(new Call(req, user, params));
                return true;
            }
        }
        return false;
    }

    /** A path template ({@code /a/{x}/b}) as a pattern: each parameter is one segment. */
    private static Route route(String method, String template, Handler<Call> handler) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAM.matcher(template);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(at, m.start()))).append("([^/]+)");
            at = m.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        return new Route(method, Pattern.compile(regex.toString()), handler);
    }

    /** The handler runs once the whole body is in. */
    private static Handler<Call> withBody(BiConsumer<Call, Buffer> handler) {
        return c -> c.req().body().onSuccess(b -> handler.accept(c, b));
    }
}
