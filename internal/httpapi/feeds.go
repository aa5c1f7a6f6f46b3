package httpapi

import (
	"strings"
	"time"

	"github.com/gorilla/feeds"
	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/internal/content"
)

// FeedSize is how many posts a feed carries.
const FeedSize = 20

// Site describes the public blog that feeds link to.
type Site struct {
	Title string
	URL   string
	// PostURLPattern makes a post's public URL; {slug} and {id} are replaced.
	PostURLPattern string
}

func (s Site) postURL(p content.Post) string {
	pattern := s.PostURLPattern
	if pattern == "" {
		pattern = strings.TrimRight(s.URL, "/") + "/posts/{slug}"
	}
	return strings.NewReplacer("{slug}", p.Slug, "{id}", p.ID).Replace(pattern)
}

// feedRSS godoc
// @ID       getFeedRSS
// @Summary  RSS 2.0 feed
// @Description The newest published posts, with their full HTML.
// @Tags     feeds
// @Produce  application/rss+xml
// @Param    tag query string false "Only posts with this tag slug"
// @Param    If-None-Match header string false "ETag from a previous read"
// @Success  200 {string} string "RSS 2.0 document"
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Router   /feed.xml [get]
func (h *handler) feedRSS(c echo.Context) error {
	return h.feed(c, "application/rss+xml; charset=utf-8", (*feeds.Feed).ToRss)
}

// feedAtom godoc
// @ID       getFeedAtom
// @Summary  Atom feed
// @Description The newest published posts, with their full HTML.
// @Tags     feeds
// @Produce  application/atom+xml
// @Param    tag query string false "Only posts with this tag slug"
// @Param    If-None-Match header string false "ETag from a previous read"
// @Success  200 {string} string "Atom document"
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Router   /feed.atom [get]
func (h *handler) feedAtom(c echo.Context) error {
	return h.feed(c, "application/atom+xml; charset=utf-8", (*feeds.Feed).ToAtom)
}

// feedJSON godoc
// @ID       getFeedJSON
// @Summary  JSON Feed 1.1
// @Description The newest published posts, with their full HTML.
// @Tags     feeds
// @Produce  application/feed+json
// @Param    tag query string false "Only posts with this tag slug"
// @Param    If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.JSONFeed "JSON Feed document"
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Router   /feed.json [get]
func (h *handler) feedJSON(c echo.Context) error {
	return h.feed(c, "application/feed+json; charset=utf-8", (*feeds.Feed).ToJSON)
}

func (h *handler) feed(c echo.Context, contentType string, render func(*feeds.Feed) (string, error)) error {
	q, err := queryParams(c, "tag")
	if err != nil {
		return err
	}
	tags, err := parseSlugs(q, "tag")
	if err != nil {
		return err
	}
	f := content.PostFilter{Tags: tags, Limit: FeedSize, WithBody: true}
	list, err := h.svc.ListPosts(c.Request().Context(), f, "", false)
	if err != nil {
		return err
	}
	doc, err := render(h.buildFeed(list.Posts, q.Get("tag")))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Surrogate-Key", "posts feeds")
	return h.readBody(c, contentType, []byte(doc), 0)
}

func (h *handler) buildFeed(posts []content.Post, tag string) *feeds.Feed {
	site := h.site
	f := &feeds.Feed{Title: site.Title, Link: &feeds.Link{Href: site.URL}, Description: site.Title, Created: time.Unix(0, 0).UTC()}
	if tag != "" {
		f.Title += " · " + tag
	}
	for _, p := range posts {
		link := site.postURL(p)
		item := &feeds.Item{Id: link, Title: p.Title, Link: &feeds.Link{Href: link}, Description: p.Excerpt,
			Content: p.BodyHTML, Author: &feeds.Author{Name: p.Author.Name}, Created: *p.PublishedAt, Updated: p.UpdatedAt}
		f.Items = append(f.Items, item)
		if p.UpdatedAt.After(f.Updated) {
			f.Updated = p.UpdatedAt
		}
	}
	if len(posts) > 0 {
		f.Created = *posts[0].PublishedAt
	}
	return f
}
