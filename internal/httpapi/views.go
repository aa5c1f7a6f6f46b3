package httpapi

import (
	"bytes"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/service"
)

// RenderPostView renders the read model's view of a published post: its
// list item and its page, byte for byte what listPosts and getPost answer
// from the tables (TestReadModelServesWhatTheTablesServe holds them to it).
// It renders the post as it reads once its publish time has come.
func RenderPostView(p content.Post) (service.PostView, error) {
	at := *p.PublishedAt
	card, err := marshal(toAPIPost(p, at, false))
	if err != nil {
		return service.PostView{}, err
	}
	page, err := marshal(toAPIPost(p, at, true))
	if err != nil {
		return service.PostView{}, err
	}
	return service.PostView{Card: bytes.TrimSuffix(card, []byte("\n")), Page: page,
		ETag: etagFor(page, p.Version), Keys: postKeys(p)}, nil
}

var listBodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readCards answers a list page from stored cards: the body listPosts
// encodes from an api.PostList, written around them.
func (h *handler) readCards(c echo.Context, page service.CardPage, limit int) error {
	m, err := marshal(meta(limit, page.NextCursor, page.Total))
	if err != nil {
		return err
	}
	buf := listBodies.Get().(*bytes.Buffer)
	defer listBodies.Put(buf)
	buf.Reset()
	buf.WriteString(`{"data":[`)
	for i, card := range page.Cards {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(card)
	}
	buf.WriteString(`],"meta":`)
	buf.Write(bytes.TrimSuffix(m, []byte("\n")))
	buf.WriteString("}\n")
	setNextLink(c, page.NextCursor)
	c.Response().Header()[hdrSurrogate] = []string{"posts"}
	return h.readBody(c, echo.MIMEApplicationJSONCharsetUTF8, buf.Bytes(), 0)
}

// readPage answers a post from its stored page.
func (h *handler) readPage(c echo.Context, v service.PostView) error {
	c.Response().Header()[hdrSurrogate] = []string{v.Keys}
	return h.readBodyTagged(c, echo.MIMEApplicationJSONCharsetUTF8, v.Page, v.ETag)
}
