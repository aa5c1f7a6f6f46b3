// Package httpapi is Folio's HTTP surface: the echo routes, swag-annotated
// handlers that translate between the wire types of package api and the
// service, the middleware, and the one error handler.
package httpapi

import (
	"log/slog"
	"net"
	"net/http"

	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/otel/trace"

	"github.com/folio-cms/folio/internal/obs"
	"github.com/folio-cms/folio/internal/service"
)

// Deps are what the HTTP layer needs.
type Deps struct {
	Service *service.Service
	Logger  *slog.Logger
	// SpecYAML is openapi.yaml, served at /openapi.yaml and /openapi.json.
	SpecYAML []byte
	// TrustedProxies are the networks whose X-Forwarded-For is believed;
	// empty means the peer address is the client address.
	TrustedProxies []*net.IPNet
	// BodyLimit caps request bodies in bytes (default 1 MiB).
	BodyLimit int64
	// CacheControl is sent on public GETs.
	CacheControl string
	// Site is the public blog that feeds point to.
	Site Site
	// Metrics are counted per request and served at /metrics; nil turns
	// both off (/metrics answers 404).
	Metrics *obs.Metrics
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// Tracer makes the server spans; nil means ids are propagated (every
	// response has a traceparent) but nothing is recorded.
	Tracer trace.TracerProvider
	// Draining reports that shutdown has begun: /readyz then answers 503.
	Draining func() bool
}

type handler struct {
	svc          *service.Service
	log          *slog.Logger
	bodyLimit    int64
	cacheControl string
	spec         specDocs
	site         Site
	observer     *observer
	access       *obs.AccessLog
	draining     func() bool
}

// New returns the echo instance serving the whole API.
func New(d Deps) (*echo.Echo, error) {
	h := &handler{svc: d.Service, log: d.Logger, bodyLimit: d.BodyLimit, cacheControl: d.CacheControl, site: d.Site}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.log, h.observer, h.draining = obs.WithTrace(h.log), newObserver(d), d.Draining
	h.access = obs.NewAccessLog(h.log)
	if h.bodyLimit <= 0 {
		h.bodyLimit = 1 << 20
	}
	if h.site.Title == "" {
		h.site.Title = "Folio"
	}
	if h.site.URL == "" {
		h.site.URL = "http://localhost:8080"
	}
	if h.cacheControl == "" {
		h.cacheControl = "public, max-age=60, stale-while-revalidate=300"
	}
	spec, err := loadSpec(d.SpecYAML)
	if err != nil {
		return nil, err
	}
	h.spec = spec
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = h.errorHandler
	e.IPExtractor = ipExtractor(d.TrustedProxies)
	e.Use(h.front)
	h.routes(e)
	return e, nil
}

// ipExtractor trusts X-Forwarded-For only from the configured proxies;
// without them the TCP peer is the client, so a forged header cannot dodge
// the login rate limit.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

func (h *handler) logPanic(c echo.Context, err error, stack []byte) error {
	h.log.ErrorContext(c.Request().Context(), "panic", slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
		slog.Any("error", err), slog.String("stack", string(stack)))
	return err
}

var _ http.Handler = (*echo.Echo)(nil)
