package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

// listTags godoc
// @ID          listTags
// @Summary     List tags
// @Description Tags with their counts of published posts.
// @Tags        tags
// @Produce     json
// @Param       sort   query string false "Order" Enums(name, -post_count) default(name)
// @Param       limit  query int    false "Page size" minimum(1) maximum(100) default(20)
// @Param       cursor query string false "Opaque cursor from meta.next_cursor"
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success     200 {object} api.TagList
// @Success     304 "Not modified: If-None-Match holds the current ETag"
// @Header      200 {string} ETag "Strong validator of the page"
// @Failure     400 {object} api.Problem
// @Router      /v1/tags [get]
func (h *handler) listTags(c echo.Context) error {
	q, err := queryParams(c, "sort", "limit", "cursor")
	if err != nil {
		return err
	}
	sort, err := parseTagSort(q)
	if err != nil {
		return err
	}
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	list, err := h.svc.ListTags(c.Request().Context(), sort, page)
	if err != nil {
		return err
	}
	out := api.TagList{Data: make([]api.Tag, len(list.Tags)), Meta: meta(page.Limit, list.NextCursor, nil)}
	for i, t := range list.Tags {
		out.Data[i] = toAPITag(t)
	}
	setNextLink(c, list.NextCursor)
	c.Response().Header().Set("Surrogate-Key", "tags")
	return h.read(c, out, 0)
}

// getTag godoc
// @ID       getTag
// @Summary  Get a tag
// @Description One tag with its count of published posts.
// @Tags     tags
// @Produce  json
// @Param    slug path string true "Tag slug"
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.Tag
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Header   200 {string} ETag "Strong validator; its v<N> prefix is the tag version"
// @Failure  400 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Router   /v1/tags/{slug} [get]
func (h *handler) getTag(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	t, err := h.svc.GetTag(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Surrogate-Key", "tags tag:"+t.Slug)
	return h.read(c, toAPITag(t), t.Version)
}

// createTag godoc
// @ID       createTag
// @Summary  Create a tag
// @Description Editors and admins. The slug defaults to one made from the name.
// @Tags     tags
// @Accept   json
// @Produce  json
// @Param    body body api.TagCreate true "The tag"
// @Param       Idempotency-Key header string false "Makes a retry safe: the first response is replayed for 24 hours"
// @Success  201 {object} api.Tag
// @Header      201 {string} Idempotent-Replayed "true when this is the stored response of an earlier request with the same Idempotency-Key"
// @Header   201 {string} Location "Path of the new tag"
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  409 {object} api.Problem
// @Failure  415 {object} api.Problem
// @Failure  422 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/tags [post]
func (h *handler) createTag(c echo.Context) error {
	var in api.TagCreate
	if _, err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := h.svc.CreateTag(c.Request().Context(), content.TagInput{Name: &in.Name, Slug: in.Slug, Description: in.Description})
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusCreated, "/v1/tags/"+t.Slug, toAPITag(t), t.Version)
}

// updateTag godoc
// @ID       updateTag
// @Summary  Update a tag
// @Description JSON Merge Patch; with If-Match, a stale ETag is 412.
// @Tags     tags
// @Accept   json
// @Produce  json
// @Param    slug     path   string       true  "Tag slug"
// @Param    If-Match header string       false "ETag from a previous read"
// @Param    body     body   api.TagPatch true  "Fields to change"
// @Success  200 {object} api.Tag
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Failure  409 {object} api.Problem
// @Failure  412 {object} api.Problem
// @Failure  415 {object} api.Problem
// @Failure  422 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/tags/{slug} [patch]
func (h *handler) updateTag(c echo.Context) error {
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	var in api.TagPatch
	members, err := h.decodeJSON(c, &in)
	if err != nil {
		return err
	}
	patch := content.TagInput{Name: in.Name, Slug: in.Slug, Description: in.Description}
	if isNull(members, "description") {
		empty := ""
		patch.Description = &empty
	}
	for _, name := range []string{"name", "slug"} {
		if isNull(members, name) {
			return content.Invalid(name, "may not be null")
		}
	}
	t, err := h.svc.UpdateTag(c.Request().Context(), c.Param("slug"), patch, version)
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusOK, "", toAPITag(t), t.Version)
}

// deleteTag godoc
// @ID       deleteTag
// @Summary  Delete a tag
// @Description Removes the tag from every post.
// @Tags     tags
// @Param    slug     path   string true  "Tag slug"
// @Param    If-Match header string false "ETag from a previous read"
// @Success  204
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Failure  412 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/tags/{slug} [delete]
func (h *handler) deleteTag(c echo.Context) error {
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteTag(c.Request().Context(), c.Param("slug"), version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// listAuthors godoc
// @ID          listAuthors
// @Summary     List authors
// @Description Public profiles of the people who write, with counts of published posts.
// @Tags        authors
// @Produce     json
// @Param       sort   query string false "Order" Enums(name, -post_count) default(name)
// @Param       limit  query int    false "Page size" minimum(1) maximum(100) default(20)
// @Param       cursor query string false "Opaque cursor from meta.next_cursor"
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success     200 {object} api.AuthorList
// @Success     304 "Not modified: If-None-Match holds the current ETag"
// @Failure     400 {object} api.Problem
// @Router      /v1/authors [get]
func (h *handler) listAuthors(c echo.Context) error {
	q, err := queryParams(c, "sort", "limit", "cursor")
	if err != nil {
		return err
	}
	sort, err := parseTagSort(q)
	if err != nil {
		return err
	}
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	list, err := h.svc.ListAuthors(c.Request().Context(), sort, page)
	if err != nil {
		return err
	}
	out := api.AuthorList{Data: make([]api.Author, len(list.Authors)), Meta: meta(page.Limit, list.NextCursor, nil)}
	for i, a := range list.Authors {
		out.Data[i] = toAPIAuthor(a)
	}
	setNextLink(c, list.NextCursor)
	c.Response().Header().Set("Surrogate-Key", "authors")
	return h.read(c, out, 0)
}

// getAuthor godoc
// @ID       getAuthor
// @Summary  Get an author
// @Description The public profile of one author, with their count of published posts.
// @Tags     authors
// @Produce  json
// @Param    slug path string true "Author slug"
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.Author
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Router   /v1/authors/{slug} [get]
func (h *handler) getAuthor(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	a, err := h.svc.GetAuthor(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Surrogate-Key", "authors author:"+a.Slug)
	return h.read(c, toAPIAuthor(a), 0)
}
