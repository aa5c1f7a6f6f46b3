package httpapi

import (
	"fmt"
	"net/http"
	"runtime"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/oklog/ulid/v2"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/obs"
)

// The canonical forms of the headers Folio reads and writes on every
// request. net/http canonicalizes the keys of incoming headers, so these
// index req.Header directly; writing through them skips Header.Set's
// validation and canonicalization, which showed up as the largest single
// cost of a cached read.
const (
	hdrRequestID   = "X-Request-Id"
	hdrETag        = "Etag"
	hdrCacheCtl    = "Cache-Control"
	hdrVary        = "Vary"
	hdrIfNoneMatch = "If-None-Match"
	hdrAuth        = "Authorization"
	hdrSurrogate   = "Surrogate-Key"
	hdrXCache      = "X-Cache"
	hdrContentLen  = "Content-Length"
)

// header returns the first value of a canonical header key.
func header(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// front is the one middleware echo runs around every request, matched or
// not. echo applies its Use chain anew on every request, a closure per
// middleware; here the steps are plain calls composed once:
//
//  1. the request id (the caller's X-Request-ID when sane, else a ULID from
//     the start time), echoed in the response and put in the context;
//  2. the server span, continuing the caller's traceparent, and the
//     response's traceparent, written before any handler commits headers;
//  3. recovery from panics (logged with the stack, answered 500);
//  4. authentication (not on /metrics, which has its own token);
//  5. idempotent POST replay;
//  6. the handler; an error it returns becomes its problem response here,
//     so what follows sees the final status;
//  7. the span's end, the metrics by route pattern, and the access log line.
func (h *handler) front(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error { return h.serve(c, next) }
}

func (h *handler) serve(c echo.Context, next echo.HandlerFunc) error {
	start := time.Now()
	o := h.observer
	o.metrics.Begin()
	req, res := c.Request(), c.Response()
	id := header(req.Header, hdrRequestID)
	if !validRequestID(id) {
		id = newRequestID(start)
	}
	res.Header()[hdrRequestID] = []string{id}
	route := o.route(c)
	ctx := content.WithRequestID(req.Context(), id)
	ctx, span := o.startSpan(ctx, req, route, res.Header())
	c.SetRequest(req.WithContext(ctx))

	if err := h.recovering(c, next); err != nil {
		c.Error(err)
	}

	end := time.Now()
	status := res.Status
	o.endSpan(span, status)
	o.metrics.End(route, req.Method, status, end.Sub(start))
	line := obs.Request{ID: id, Method: req.Method, Route: route, Status: status, Duration: end.Sub(start),
		Bytes: res.Size, RemoteIP: c.RealIP()}
	if uid, ok := c.Get(userIDKey).(string); ok {
		line.UserID = uid
	}
	h.access.Log(ctx, end, &line)
	return nil
}

// newRequestID is a ULID of the request's start time: unique and sortable.
// It need not be unguessable, so no crypto/rand per request.
func newRequestID(start time.Time) string {
	return ulid.MustNew(ulid.Timestamp(start), ulid.DefaultEntropy()).String()
}

// recovering runs the rest of the chain, turning a panic into a logged
// 500. http.ErrAbortHandler goes on up: net/http uses it to drop the
// connection on purpose.
func (h *handler) recovering(c echo.Context, next echo.HandlerFunc) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if r == http.ErrAbortHandler { //nolint:errorlint // net/http panics with this very value
			panic(r)
		}
		perr, ok := r.(error)
		if !ok {
			perr = fmt.Errorf("%v", r)
		}
		stack := make([]byte, 4<<10)
		stack = stack[:runtime.Stack(stack, false)]
		err = h.logPanic(c, perr, stack)
	}()
	if c.Path() == metricsPath {
		return next(c)
	}
	if err := h.authenticate(c); err != nil {
		return err
	}
	return h.idempotency(c, next)
}
