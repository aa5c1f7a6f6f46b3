package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/obs"
)

const (
	metricsPath = "/metrics"
	// unmatchedRoute labels requests no route matched, so probing random
	// paths cannot grow the metric series without bound.
	unmatchedRoute = "unmatched"
)

// observer holds what the observe middleware and /metrics need.
type observer struct {
	tracer     trace.Tracer
	propagator propagation.TextMapPropagator
	metrics    *obs.Metrics
	// tokenHash is the SHA-256 of FOLIO_METRICS_TOKEN, nil when /metrics is open.
	tokenHash []byte

	// plainW3C is set when the propagator is W3C trace context alone, so
	// traceparent can be written by hand.
	plainW3C bool

	routesOnce sync.Once
	routes     map[string]bool
}

func newObserver(d Deps) *observer {
	tp := d.Tracer
	if tp == nil {
		// The contract promises a traceparent on every response, so even
		// without a configured provider each request continues or starts a
		// trace; this provider records nothing.
		tp = obs.LocalTracerProvider()
	}
	o := &observer{tracer: tp.Tracer("github.com/folio-cms/folio/internal/httpapi"),
		propagator: obs.Propagator(), metrics: d.Metrics}
	_, o.plainW3C = o.propagator.(propagation.TraceContext)
	if d.MetricsToken != "" {
		sum := sha256.Sum256([]byte(d.MetricsToken))
		o.tokenHash = sum[:]
	}
	return o
}

// startSpan starts the server span of a request, continuing the caller's
// traceparent, and writes the response's traceparent into hdr before any
// handler can commit the headers, so errors and 404s carry it too. The span
// rides in the returned context: every log line of the request gets its
// trace_id and every database statement becomes its child.
func (o *observer) startSpan(ctx context.Context, req *http.Request, route string, hdr http.Header) (context.Context, trace.Span) {
	if _, ok := req.Header[hdrTraceparent]; ok {
		ctx = o.propagator.Extract(ctx, propagation.HeaderCarrier(req.Header))
	}
	ctx, span := o.tracer.Start(ctx, spanName(req.Method, route), trace.WithSpanKind(trace.SpanKindServer))
	sc := span.SpanContext()
	if o.plainW3C && sc.IsValid() && sc.TraceState().Len() == 0 {
		hdr[hdrTraceparent] = []string{traceparent(sc)}
	} else {
		o.propagator.Inject(ctx, propagation.HeaderCarrier(hdr))
	}
	if span.IsRecording() {
		span.SetAttributes(semconv.HTTPRequestMethodKey.String(req.Method), semconv.URLPath(req.URL.Path),
			semconv.HTTPRequestHeader("x-request-id", content.RequestIDFrom(ctx)))
		if route != unmatchedRoute {
			span.SetAttributes(semconv.HTTPRoute(route))
		}
	}
	return ctx, span
}

// endSpan records the final status and ends the span.
func (o *observer) endSpan(span trace.Span, status int) {
	if span.IsRecording() {
		span.SetAttributes(semconv.HTTPResponseStatusCode(status))
		if status >= http.StatusInternalServerError {
			span.SetStatus(codes.Error, http.StatusText(status))
		}
	}
	span.End()
}

const hdrTraceparent = "Traceparent"

// traceparent is the W3C header for sc, as propagation.TraceContext
// formats it (a test compares the two), without its string builder and
// carrier: one allocation.
func traceparent(sc trace.SpanContext) string {
	var b [55]byte
	tid, sid := sc.TraceID(), sc.SpanID()
	b[0], b[1], b[2] = '0', '0', '-'
	hex.Encode(b[3:35], tid[:])
	b[35] = '-'
	hex.Encode(b[36:52], sid[:])
	b[52] = '-'
	flags := byte(sc.TraceFlags() & (trace.FlagsSampled | trace.FlagsRandom))
	hex.Encode(b[53:55], []byte{flags})
	return string(b[:])
}

// spanName follows the HTTP conventions: "GET /v1/posts/:id", or the
// method alone when no route matched.
func spanName(method, route string) string {
	if route == unmatchedRoute {
		return method
	}
	return method + " " + route
}

// route returns the pattern echo matched, or unmatchedRoute when the
// router found none (echo then reports the pattern of the nearest node,
// or nothing).
func (o *observer) route(c echo.Context) string {
	o.routesOnce.Do(func() {
		o.routes = map[string]bool{}
		for _, r := range c.Echo().Routes() {
			o.routes[r.Path] = true
		}
	})
	if p := c.Path(); o.routes[p] {
		return p
	}
	return unmatchedRoute
}

// metrics godoc
// @ID       getMetrics
// @Summary  Prometheus metrics
// @Description Request counts and latency by route, in-flight requests, database pool and query statistics, Go runtime and process metrics, in the Prometheus text format. When FOLIO_METRICS_TOKEN is set, the request must carry it as "Authorization: Bearer <token>"; 404 when metrics are not enabled.
// @Tags     operations
// @Produce  plain
// @Success  200 {string} string "Prometheus text exposition format"
// @Failure  401 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Router   /metrics [get]
func (h *handler) metrics(c echo.Context) error {
	o := h.observer
	if o.metrics == nil {
		return echo.ErrNotFound
	}
	if o.tokenHash != nil && !o.authorized(c.Request().Header.Get(echo.HeaderAuthorization)) {
		return content.ErrUnauthorized
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	o.metrics.Handler().ServeHTTP(c.Response(), c.Request())
	return nil
}

// authorized compares hashes, so the comparison takes the same time
// whatever the length of the token sent.
func (o *observer) authorized(header string) bool {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return subtle.ConstantTimeCompare(sum[:], o.tokenHash) == 1
}
