package httpapi

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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
		if rc == nil || req.Method != http.MethodGet || header(req.Header, hdrAuth) != "" {
			return next(c)
		}
		h.svc.BeforeCachedRead(req.Context())
		key := cacheKey(req.URL)
		if e, ok := rc.Get(key); ok {
			return serveEntry(c, e)
		}
		gen := rc.Gen()
		res := c.Response()
		out := res.Writer
		held := &holdWriter{ResponseWriter: out}
		res.Writer = held
		res.Header()[hdrXCache] = []string{"MISS"}
		err := next(c)
		res.Writer = out
		if err != nil {
			_ = held.release(req.Context()) // whatever was written before the error still goes out
			return err
		}
		if held.status == http.StatusOK && !strings.Contains(header(res.Header(), hdrCacheCtl), "private") {
			rc.Set(key, newEntry(res.Header(), held.buf.Bytes()), gen)
		}
		return held.release(req.Context())
	}
}

// perRequest are the response fields each request gets anew, never from
// the cache.
var perRequest = map[string]bool{hdrRequestID: true, hdrTraceparent: true, "Tracestate": true, hdrXCache: true,
	hdrContentLen: true}

// notModifiedFields are what a 304 carries: the validators and what guides
// caches (RFC 9110 §15.4.5), and the keys a CDN purges by; not the body's
// metadata.
var notModifiedFields = map[string]bool{hdrETag: true, hdrCacheCtl: true, hdrVary: true, "Expires": true,
	"Content-Location": true, hdrSurrogate: true}

// newEntry makes a cache entry of a 200's headers and body, with the
// header fields of its hits and its 304s built once.
func newEntry(hdr http.Header, body []byte) *cache.Entry {
	e := &cache.Entry{Body: body, ETag: header(hdr, hdrETag), Keys: strings.Fields(header(hdr, hdrSurrogate))}
	hit := []string{"HIT"}
	for k, v := range hdr {
		if perRequest[k] || len(v) == 0 {
			continue
		}
		f := cache.Field{Key: k, Values: slices.Clip(slices.Clone(v))}
		e.Fields = append(e.Fields, f)
		if notModifiedFields[k] {
			e.NotModified = append(e.NotModified, f)
		}
	}
	e.Fields = append(e.Fields, cache.Field{Key: hdrXCache, Values: hit},
		cache.Field{Key: hdrContentLen, Values: []string{strconv.Itoa(len(body))}})
	e.NotModified = append(e.NotModified, cache.Field{Key: hdrXCache, Values: hit})
	return e
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
func (w *holdWriter) release(ctx context.Context) error {
	if w.status == 0 {
		return nil
	}
	return sendWhole(ctx, w.ResponseWriter, w.status, w.buf.Bytes())
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

// serveEntry answers from the cache: 304 when If-None-Match holds the
// entry's ETag, else the body. The header values are the entry's own
// slices, clipped, so an Add by anyone later copies instead of writing
// into them.
func serveEntry(c echo.Context, e *cache.Entry) error {
	res := c.Response()
	hdr := res.Header()
	fields, status, body := e.Fields, http.StatusOK, e.Body
	if ifNoneMatch(header(c.Request().Header, hdrIfNoneMatch), e.ETag) {
		fields, status, body = e.NotModified, http.StatusNotModified, nil
	}
	for _, f := range fields {
		hdr[f.Key] = f.Values
	}
	return writeWhole(c, status, body)
}
