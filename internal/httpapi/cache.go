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
		var buf bytes.Buffer
		res := c.Response()
		res.Writer = &teeWriter{ResponseWriter: res.Writer, buf: &buf}
		res.Header().Set("X-Cache", "MISS")
		if err := next(c); err != nil {
			return err
		}
		if res.Status == http.StatusOK && !strings.Contains(res.Header().Get("Cache-Control"), "private") {
			keys := res.Header().Get("Surrogate-Key")
			rc.Set(key, &cache.Entry{Body: bytes.Clone(buf.Bytes()), ETag: res.Header().Get("ETag"),
				ContentType: res.Header().Get(echo.HeaderContentType), Link: res.Header().Get("Link"),
				Keys: strings.Fields(keys), KeyHeader: keys}, gen)
		}
		return nil
	}
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
