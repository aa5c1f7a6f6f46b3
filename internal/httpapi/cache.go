package httpapi

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/internal/cache"
)

// cached serves a public GET from the read cache: the body serialized once,
// its ETag, and a 304 for a matching If-None-Match without touching the
// database. Requests with a token bypass it. Misses run the handler and
// store a 200 under the path and the sorted query.
func (h *handler) cached(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		rc := h.svc.ReadCache()
		req := c.Request()
		if rc == nil || req.Method != http.MethodGet || req.Header.Get(echo.HeaderAuthorization) != "" {
			return next(c)
		}
		h.svc.BeforeCachedRead(req.Context())
		key := cacheKey(req.URL)
		if e, ok := rc.Get(key); ok {
			return h.serveEntry(c, e)
		}
		gen := rc.Gen()
		res := c.Response()
		out := res.Writer
		held := &holdWriter{ResponseWriter: out}
		res.Writer = held
		res.Header().Set("X-Cache", "MISS")
		err := next(c)
		res.Writer = out
		if err != nil {
			_ = held.release() // whatever was written before the error still goes out
			return err
		}
		if held.status == http.StatusOK && !strings.Contains(res.Header().Get("Cache-Control"), "private") {
			keys := res.Header().Get("Surrogate-Key")
			rc.Set(key, &cache.Entry{Body: held.buf.Bytes(), ETag: res.Header().Get("ETag"),
				ContentType: res.Header().Get(echo.HeaderContentType), Link: res.Header().Get("Link"),
				Keys: strings.Fields(keys), KeyHeader: keys}, gen)
		}
		return held.release()
	}
}

// holdWriter keeps a response until the handler is done, so the cache is
// filled before the client has the answer: its next request is a hit.
type holdWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (w *holdWriter) WriteHeader(status int) { w.status = status }

func (w *holdWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.buf.Write(p)
}

// release sends the held response on.
func (w *holdWriter) release() error {
	if w.status == 0 {
		return nil
	}
	w.ResponseWriter.WriteHeader(w.status)
	_, err := w.ResponseWriter.Write(w.buf.Bytes())
	return err
}

// cacheKey is the path and the query with its parameters sorted, so the
// same question asked in another order shares an entry.
func cacheKey(u *url.URL) string {
	if u.RawQuery == "" {
		return u.Path
	}
	if !strings.ContainsAny(u.RawQuery, "&%+;") {
		return u.Path + "?" + u.RawQuery // one plain parameter is already in sorted, encoded form
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil || len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}

func (h *handler) serveEntry(c echo.Context, e *cache.Entry) error {
	hdr := c.Response().Header()
	hdr.Set(echo.HeaderContentType, e.ContentType)
	hdr.Set("Surrogate-Key", e.KeyHeader)
	hdr.Set("X-Cache", "HIT")
	if e.Link != "" {
		hdr.Set("Link", e.Link)
	}
	h.cacheHeaders(c, e.ETag)
	if ifNoneMatch(c.Request().Header.Get("If-None-Match"), e.ETag) {
		return c.NoContent(http.StatusNotModified)
	}
	c.Response().WriteHeader(http.StatusOK)
	_, err := c.Response().Write(e.Body)
	return err
}
