package httpapi

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
)

// relatedPosts godoc
// @ID          listRelatedPosts
// @Summary     Related posts
// @Description Published posts sharing the most tags with this one, then the newest.
// @Tags        posts
// @Produce     json
// @Param       id    path  string true  "Post id (ULID) or slug"
// @Param       limit query int    false "How many" minimum(1) maximum(20) default(5)
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success     200 {object} api.RelatedPosts
// @Success     304 "Not modified: If-None-Match holds the current ETag"
// @Success     301 "The slug is an old one; Location names the current path"
// @Header      301 {string} Location "The current path"
// @Failure     400 {object} api.Problem
// @Failure     404 {object} api.Problem
// @Router      /v1/posts/{id}/related [get]
func (h *handler) relatedPosts(c echo.Context) error {
	q, err := queryParams(c, "limit")
	if err != nil {
		return err
	}
	limit := 5
	if raw := q.Get("limit"); raw != "" {
		if limit, err = strconv.Atoi(raw); err != nil || limit < 1 || limit > 20 {
			return badParam("limit", "must be an integer from 1 to 20")
		}
	}
	posts, err := h.svc.RelatedPosts(c.Request().Context(), c.Param("id"), limit)
	if err != nil {
		return redirectMoved(c, err)
	}
	now := h.svc.Now()
	out := api.RelatedPosts{Data: make([]api.Post, len(posts))}
	for i, p := range posts {
		out.Data[i] = toAPIPost(p, now, false)
	}
	c.Response().Header().Set("Surrogate-Key", "posts")
	return h.read(c, out, 0)
}

// archive godoc
// @ID          getArchive
// @Summary     Archive
// @Description Counts of published posts per year and month, newest first.
// @Tags        posts
// @Produce     json
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success     200 {object} api.Archive
// @Success     304 "Not modified: If-None-Match holds the current ETag"
// @Failure     400 {object} api.Problem
// @Router      /v1/archive [get]
func (h *handler) archive(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	months, err := h.svc.Archive(c.Request().Context())
	if err != nil {
		return err
	}
	out := api.Archive{Data: make([]api.ArchiveMonth, len(months))}
	for i, m := range months {
		out.Data[i] = api.ArchiveMonth{Year: m.Year, Month: m.Month, Count: m.Count}
	}
	c.Response().Header().Set("Surrogate-Key", "posts")
	return h.read(c, out, 0)
}
