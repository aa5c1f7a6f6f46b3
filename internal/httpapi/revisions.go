package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/service"
)

// listRevisions godoc
// @ID          listPostRevisions
// @Summary     List a post's revisions
// @Description Every recorded version of the post, oldest first, read from the event log. Authors (their own posts), editors and admins.
// @Tags        posts
// @Produce     json
// @Param       id path string true "Post id (ULID) or slug"
// @Success     200 {object} api.RevisionList
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     403 {object} api.Problem
// @Failure     404 {object} api.Problem
// @Security    BearerAuth
// @Router      /v1/posts/{id}/revisions [get]
func (h *handler) listRevisions(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	revs, err := h.svc.PostRevisions(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	out := api.RevisionList{Data: make([]api.Revision, len(revs))}
	for i, r := range revs {
		out.Data[i] = toAPIRevision(r)
	}
	return h.read(c, out, 0)
}

// getRevision godoc
// @ID          getPostRevision
// @Summary     Get one revision of a post
// @Description The post as it was at that version.
// @Tags        posts
// @Produce     json
// @Param       id      path string true "Post id (ULID) or slug"
// @Param       version path int    true "Version number" minimum(1)
// @Success     200 {object} api.RevisionDetail
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     403 {object} api.Problem
// @Failure     404 {object} api.Problem
// @Security    BearerAuth
// @Router      /v1/posts/{id}/revisions/{version} [get]
func (h *handler) getRevision(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	version, err := parseVersion(c)
	if err != nil {
		return err
	}
	r, err := h.svc.PostRevision(c.Request().Context(), c.Param("id"), version)
	if err != nil {
		return err
	}
	out := api.RevisionDetail{Revision: toAPIRevision(r), Post: toAPIPost(r.Post, r.OccurredAt, true)}
	return h.read(c, out, 0)
}

// restoreRevision godoc
// @ID          restorePostRevision
// @Summary     Restore a revision
// @Description Makes that version's content (title, slug, body, excerpt, tags, featured, cover and meta fields) current again as a new version; the status stays. With If-Match, a stale ETag is 412.
// @Tags        posts
// @Produce     json
// @Param       id       path   string true  "Post id (ULID) or slug"
// @Param       version  path   int    true  "Version to restore" minimum(1)
// @Param       If-Match header string false "ETag of the current version"
// @Param       Idempotency-Key header string false "Makes a retry safe: the first response is replayed for 24 hours"
// @Success     200 {object} api.Post
// @Header      200 {string} Idempotent-Replayed "true when this is the stored response of an earlier request with the same Idempotency-Key"
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     403 {object} api.Problem
// @Failure     404 {object} api.Problem
// @Failure     409 {object} api.Problem
// @Failure     412 {object} api.Problem
// @Failure     422 {object} api.Problem
// @Security    BearerAuth
// @Router      /v1/posts/{id}/revisions/{version}/restore [post]
func (h *handler) restoreRevision(c echo.Context) error {
	ifVersion, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	version, err := parseVersion(c)
	if err != nil {
		return err
	}
	p, err := h.svc.RestorePostRevision(c.Request().Context(), c.Param("id"), version, ifVersion)
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusOK, "", toAPIPost(p, h.svc.Now(), true), p.Version)
}

func parseVersion(c echo.Context) (int, error) {
	v, err := strconv.Atoi(c.Param("version"))
	if err != nil || v < 1 {
		return 0, badParam("version", "must be a positive integer")
	}
	return v, nil
}

func toAPIRevision(r service.Revision) api.Revision {
	return api.Revision{Version: r.Version, EventID: r.EventID, Type: r.Type, ActorID: r.ActorID,
		OccurredAt: r.OccurredAt, Title: r.Post.Title}
}
