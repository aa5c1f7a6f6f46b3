package main

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/bench/internal/wire"
)

// entry is a recorded response ready to write: canonical header keys and
// the body as bytes, so serving it costs no formatting.
type entry struct {
	status int
	header http.Header
	etag   string
	body   []byte
}

// replay answers each request URI with its recorded entry.
type replay map[string]*entry

// newServer returns a bare echo instance, with no middleware, that replays
// rs on folio's post routes (and any other recorded path) and answers
// /healthz with 200.
func newServer(rs []wire.Response) *echo.Echo {
	r := make(replay, len(rs))
	for _, resp := range rs {
		h := make(http.Header, len(resp.Header))
		for k, v := range resp.Header {
			h.Set(k, v)
		}
		r[resp.Path] = &entry{status: resp.Status, header: h, etag: h.Get("ETag"), body: resp.Body}
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/healthz", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	e.GET("/v1/posts", r.serve)
	e.GET("/v1/posts/:id", r.serve)
	e.Any("/*", r.serve)
	return e
}

// serve writes the entry recorded for the request URI, or 404. The header
// values are shared between requests; net/http only reads them.
func (r replay) serve(c echo.Context) error {
	en, ok := r[c.Request().RequestURI]
	if !ok {
		return c.NoContent(http.StatusNotFound)
	}
	h := c.Response().Header()
	for k, v := range en.header {
		h[k] = v
	}
	if en.etag != "" && c.Request().Header.Get("If-None-Match") == en.etag {
		return c.NoContent(http.StatusNotModified)
	}
	c.Response().WriteHeader(en.status)
	_, err := c.Response().Write(en.body)
	return err
}
