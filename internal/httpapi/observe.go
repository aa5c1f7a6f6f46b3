package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
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
	if d.MetricsToken != "" {
		sum := sha256.Sum256([]byte(d.MetricsToken))
		o.tokenHash = sum[:]
	}
	return o
}

// observe starts the server span of a request, continuing the caller's
// traceparent, and writes the response's traceparent before any handler can
// commit the headers, so errors and 404s carry it too. The span rides in the
// request context: every log line of the request gets its trace_id and every
// database statement becomes its child. It also counts the request in the
// metrics by route pattern, never by raw path. It must run outside
// accessLog, which turns errors into responses, so it sees final statuses.
func (h *handler) observe(next echo.HandlerFunc) echo.HandlerFunc {
	o := h.observer
	return func(c echo.Context) error {
		req := c.Request()
		done := o.metrics.StartRequest()
		route := o.route(c)
		ctx := o.propagator.Extract(req.Context(), propagation.HeaderCarrier(req.Header))
		ctx, span := o.tracer.Start(ctx, spanName(req.Method, route), trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		o.propagator.Inject(ctx, propagation.HeaderCarrier(c.Response().Header()))
		if span.IsRecording() {
			span.SetAttributes(semconv.HTTPRequestMethodKey.String(req.Method), semconv.URLPath(req.URL.Path),
				semconv.HTTPRequestHeader("x-request-id", content.RequestIDFrom(ctx)))
			if route != unmatchedRoute {
				span.SetAttributes(semconv.HTTPRoute(route))
			}
		}
		c.SetRequest(req.WithContext(ctx))
		if err := next(c); err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		if span.IsRecording() {
			span.SetAttributes(semconv.HTTPResponseStatusCode(status))
			if status >= http.StatusInternalServerError {
				span.SetStatus(codes.Error, http.StatusText(status))
			}
		}
		done(route, req.Method, status)
		return nil
	}
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

// skipOn runs mw for every route but path. /metrics carries its own bearer
// token, which is not a user token and must not reach authenticate.
func skipOn(path string, mw echo.MiddlewareFunc) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		withMW := mw(next)
		return func(c echo.Context) error {
			if c.Path() == path {
				return next(c)
			}
			return withMW(c)
		}
	}
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
