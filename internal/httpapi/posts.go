package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

var postListParams = []string{"q", "tag", "all_tags", "author", "featured", "published_after", "published_before",
	"sort", "limit", "cursor", "fields", "include_total", "status"}

// listPosts godoc
// @ID          listPosts
// @Summary     List posts
// @Description Published posts, newest first, one page at a time. Follow meta.next_cursor (or the Link header) for the next page.
// @Description List items leave out body_markdown, body_html and toc unless fields names them.
// @Tags        posts
// @Produce     json
// @Param       q                query string false "Full-text search over title, excerpt and body: every word must match, the last one as a prefix when it has 3 characters or more; ranked, adds snippet" maxlength(500)
// @Param       tag              query string false "Comma list of tag slugs; posts with any of them"
// @Param       all_tags         query string false "Comma list of tag slugs; posts with all of them"
// @Param       author           query string false "Author slug"
// @Param       featured         query bool   false "Only featured (true) or only not featured (false) posts"
// @Param       published_after  query string false "RFC 3339 time; posts published after it" format(date-time)
// @Param       published_before query string false "RFC 3339 time; posts published before it" format(date-time)
// @Param       sort             query string false "Order" Enums(-published_at, published_at, -updated_at, title, relevance) default(-published_at)
// @Param       limit            query int    false "Page size" minimum(1) maximum(100) default(20)
// @Param       cursor           query string false "Opaque cursor from meta.next_cursor"
// @Param       fields           query string false "Comma list of post fields to return"
// @Param       include_total    query bool   false "Add meta.total"
// @Param       status           query string false "Editors: drafts, scheduled or any (needs a token; authors see only their own)" Enums(published, draft, scheduled, any)
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success     200 {object} api.PostList
// @Success     304 "Not modified: If-None-Match holds the current ETag"
// @Header      200 {string} ETag "Strong validator of the page"
// @Header      200 {string} Link "rel=next link when there is a next page"
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Router      /v1/posts [get]
func (h *handler) listPosts(c echo.Context) error {
	q, err := queryParams(c, postListParams...)
	if err != nil {
		return err
	}
	f, err := parsePostFilter(q)
	if err != nil {
		return err
	}
	fields, err := parseFields(q.Get("fields"))
	if err != nil {
		return err
	}
	f.WithBody = fields.wantsBody()
	withTotal, err := parseBool(q, "include_total")
	if err != nil {
		return err
	}
	if fields == nil {
		cards, ok, err := h.svc.ListPostCards(c.Request().Context(), f, q.Get("cursor"), withTotal != nil && *withTotal)
		if err != nil {
			return err
		}
		if ok {
			return h.readCards(c, cards, f.Limit)
		}
	}
	page, err := h.svc.ListPosts(c.Request().Context(), f, q.Get("cursor"), withTotal != nil && *withTotal)
	if err != nil {
		return err
	}
	now := h.svc.Now()
	items := make([]api.Post, len(page.Posts))
	for i, p := range page.Posts {
		items[i] = toAPIPost(p, now, f.WithBody)
	}
	setNextLink(c, page.NextCursor)
	c.Response().Header().Set("Surrogate-Key", "posts")
	body := api.PostList{Data: items, Meta: meta(f.Limit, page.NextCursor, page.Total)}
	if fields != nil {
		return h.read(c, fields.project(body), 0)
	}
	return h.read(c, body, 0)
}

func parsePostFilter(q url.Values) (content.PostFilter, error) {
	var f content.PostFilter
	var err error
	if f.Limit, err = parseLimit(q); err != nil {
		return f, err
	}
	if f.Tags, err = parseSlugs(q, "tag"); err != nil {
		return f, err
	}
	if f.AllTags, err = parseSlugs(q, "all_tags"); err != nil {
		return f, err
	}
	if a := q.Get("author"); a != "" && !content.IsSlug(a) {
		return f, content.BadParam("author", "must be an author slug")
	}
	f.AuthorSlug = q.Get("author")
	if f.Featured, err = parseBool(q, "featured"); err != nil {
		return f, err
	}
	if f.PublishedAfter, err = parseTime(q, "published_after"); err != nil {
		return f, err
	}
	if f.PublishedBefore, err = parseTime(q, "published_before"); err != nil {
		return f, err
	}
	switch s := content.PostSort(q.Get("sort")); s {
	case "", content.SortPublishedDesc, content.SortPublishedAsc, content.SortUpdatedDesc, content.SortTitle, content.SortRelevance:
		f.Sort = s
	default:
		return f, content.BadParam("sort", "must be one of -published_at, published_at, -updated_at, title, relevance")
	}
	f.Query = q.Get("q")
	switch s := content.StatusFilter(q.Get("status")); s {
	case "", content.FilterPublished, content.FilterDraft, content.FilterScheduled, content.FilterAny:
		f.Status = s
	default:
		return f, content.BadParam("status", "must be one of published, draft, scheduled, any")
	}
	return f, nil
}

// setNextLink mirrors meta.next_cursor in a Link header (RFC 8288).
func setNextLink(c echo.Context, next string) {
	if next == "" {
		return
	}
	u := *c.Request().URL
	q := u.Query()
	q.Set("cursor", next)
	u.RawQuery = q.Encode()
	c.Response().Header().Set("Link", "<"+u.RequestURI()+`>; rel="next"`)
}

// getPost godoc
// @ID          getPost
// @Summary     Get a post
// @Description One post by id or slug. Drafts and scheduled posts are 404 unless the token may edit them.
// @Tags        posts
// @Produce     json
// @Param       id  path string true "Post id (ULID) or slug"
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success     200 {object} api.Post
// @Success     304 "Not modified: If-None-Match holds the current ETag"
// @Header      200 {string} ETag "Strong validator; its v<N> prefix is the post version, for If-Match"
// @Success     301 "The slug is an old one; Location names the current path"
// @Header      301 {string} Location "The post's current path"
// @Failure     400 {object} api.Problem
// @Failure     404 {object} api.Problem
// @Router      /v1/posts/{id} [get]
func (h *handler) getPost(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	if v, ok, err := h.svc.GetPostPage(c.Request().Context(), c.Param("id")); err != nil {
		return err
	} else if ok {
		return h.readPage(c, v)
	}
	p, err := h.svc.GetPost(c.Request().Context(), c.Param("id"))
	if err != nil {
		return redirectMoved(c, err)
	}
	c.Response().Header().Set("Surrogate-Key", postKeys(p))
	return h.read(c, toAPIPost(p, h.svc.Now(), true), p.Version)
}

// createPost godoc
// @ID          createPost
// @Summary     Create a post
// @Description Creates a draft unless status says otherwise. Tags are names or slugs; unknown ones are created.
// @Tags        posts
// @Accept      json
// @Produce     json
// @Param       body body api.PostCreate true "The post"
// @Param       Idempotency-Key header string false "Makes a retry safe: the first response is replayed for 24 hours"
// @Success     201 {object} api.Post
// @Header      201 {string} Idempotent-Replayed "true when this is the stored response of an earlier request with the same Idempotency-Key"
// @Header      201 {string} Location "Path of the new post"
// @Header      201 {string} ETag "Strong validator of the new version"
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     403 {object} api.Problem
// @Failure     409 {object} api.Problem
// @Failure     413 {object} api.Problem
// @Failure     415 {object} api.Problem
// @Failure     422 {object} api.Problem
// @Security    BearerAuth
// @Router      /v1/posts [post]
func (h *handler) createPost(c echo.Context) error {
	var in api.PostCreate
	if _, err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := h.svc.CreatePost(c.Request().Context(), fromPostCreate(in))
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusCreated, "/v1/posts/"+p.ID, toAPIPost(p, h.svc.Now(), true), p.Version)
}

// updatePost godoc
// @ID          updatePost
// @Summary     Update a post
// @Description JSON Merge Patch (RFC 7396): absent fields stay, null clears optional ones. With If-Match, a stale ETag is 412 and nothing changes.
// @Tags        posts
// @Accept      json
// @Produce     json
// @Param       id       path   string        true  "Post id (ULID) or slug"
// @Param       If-Match header string        false "ETag from a previous read"
// @Param       body     body   api.PostPatch true  "Fields to change"
// @Success     200 {object} api.Post
// @Header      200 {string} ETag "Strong validator of the new version"
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     403 {object} api.Problem
// @Failure     404 {object} api.Problem
// @Failure     409 {object} api.Problem
// @Failure     412 {object} api.Problem
// @Failure     413 {object} api.Problem
// @Failure     415 {object} api.Problem
// @Failure     422 {object} api.Problem
// @Security    BearerAuth
// @Router      /v1/posts/{id} [patch]
func (h *handler) updatePost(c echo.Context) error {
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	var in api.PostPatch
	members, err := h.decodeJSON(c, &in)
	if err != nil {
		return err
	}
	patch, err := fromPostPatch(in, members)
	if err != nil {
		return err
	}
	p, err := h.svc.UpdatePost(c.Request().Context(), c.Param("id"), patch, version)
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusOK, "", toAPIPost(p, h.svc.Now(), true), p.Version)
}

// deletePost godoc
// @ID          deletePost
// @Summary     Delete a post
// @Description Removes the post; afterwards it answers 404. Authors delete their own posts; editors and admins any.
// @Tags        posts
// @Param       id       path   string true  "Post id (ULID) or slug"
// @Param       If-Match header string false "ETag from a previous read"
// @Success     204
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     403 {object} api.Problem
// @Failure     404 {object} api.Problem
// @Failure     412 {object} api.Problem
// @Security    BearerAuth
// @Router      /v1/posts/{id} [delete]
func (h *handler) deletePost(c echo.Context) error {
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := h.svc.DeletePost(c.Request().Context(), c.Param("id"), version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// redirectMoved answers an old slug with 301 to the same path under the
// current slug; any other error passes through.
func redirectMoved(c echo.Context, err error) error {
	var moved *content.MovedError
	if !errors.As(err, &moved) {
		return err
	}
	old := "/" + url.PathEscape(c.Param("id"))
	path := strings.Replace(c.Request().URL.Path, old, "/"+moved.Slug, 1)
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Redirect(http.StatusMovedPermanently, path)
}

// postKeys names what a single post response contains: the post, its tags
// and its author.
func postKeys(p content.Post) string {
	keys := []string{"post:" + p.ID, "author:" + p.Author.Slug}
	for _, t := range p.Tags {
		keys = append(keys, "tag:"+t.Slug)
	}
	return strings.Join(keys, " ")
}
