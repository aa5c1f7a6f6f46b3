package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

// listListings godoc
// @ID       listListings
// @Summary  List listings
// @Description Named pages of posts (a home page, "featured", a series), by slug.
// @Tags     listings
// @Produce  json
// @Param    limit  query int    false "Page size" minimum(1) maximum(100) default(20)
// @Param    cursor query string false "Opaque cursor from meta.next_cursor"
// @Param    If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.ListingList
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Router   /v1/listings [get]
func (h *handler) listListings(c echo.Context) error {
	q, err := queryParams(c, "limit", "cursor")
	if err != nil {
		return err
	}
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	list, err := h.svc.ListListings(c.Request().Context(), page)
	if err != nil {
		return err
	}
	out := api.ListingList{Data: make([]api.Listing, len(list.Listings)), Meta: meta(page.Limit, list.NextCursor, nil)}
	for i, l := range list.Listings {
		out.Data[i] = toAPIListing(l)
	}
	setNextLink(c, list.NextCursor)
	c.Response().Header().Set("Surrogate-Key", "listings")
	return h.read(c, out, 0)
}

// getListing godoc
// @ID       getListing
// @Summary  Get a listing with its posts
// @Description The listing and one page of its published posts: a manual listing's posts in their order, a rule listing's rule resolved now.
// @Tags     listings
// @Produce  json
// @Param    slug   path  string true  "Listing slug"
// @Param    limit  query int    false "Posts per page (a rule's own limit applies when not given)" minimum(1) maximum(100) default(20)
// @Param    cursor query string false "Opaque cursor from posts.meta.next_cursor"
// @Param    If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.ListingWithPosts
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Router   /v1/listings/{slug} [get]
func (h *handler) getListing(c echo.Context) error {
	q, err := queryParams(c, "limit", "cursor")
	if err != nil {
		return err
	}
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	lp, err := h.svc.GetListing(c.Request().Context(), c.Param("slug"), page)
	if err != nil {
		return err
	}
	now := h.svc.Now()
	out := api.ListingWithPosts{Listing: toAPIListing(lp.Listing),
		Posts: api.PostList{Data: make([]api.Post, len(lp.Posts.Posts)), Meta: meta(lp.Limit, lp.Posts.NextCursor, nil)}}
	for i, p := range lp.Posts.Posts {
		out.Posts.Data[i] = toAPIPost(p, now, false)
	}
	c.Response().Header().Set("Surrogate-Key", "listings listing:"+lp.Listing.Slug+" posts")
	return h.read(c, out, lp.Listing.Version)
}

// createListing godoc
// @ID       createListing
// @Summary  Create a listing
// @Description A manual listing holds ordered post ids; a rule listing holds a saved query resolved at read time. Editors and admins.
// @Tags     listings
// @Accept   json
// @Produce  json
// @Param    body body api.ListingCreate true "The listing"
// @Param       Idempotency-Key header string false "Makes a retry safe: the first response is replayed for 24 hours"
// @Success  201 {object} api.Listing
// @Header      201 {string} Idempotent-Replayed "true when this is the stored response of an earlier request with the same Idempotency-Key"
// @Header   201 {string} Location "Path of the new listing"
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  409 {object} api.Problem
// @Failure  415 {object} api.Problem
// @Failure  422 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/listings [post]
func (h *handler) createListing(c echo.Context) error {
	var in api.ListingCreate
	if _, err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	kind := content.ListingKind(in.Kind)
	input := content.ListingInput{Slug: &in.Slug, Title: &in.Title, Description: in.Description, Kind: &kind, PostIDs: &in.PostIDs}
	if in.PostIDs == nil {
		input.PostIDs = &[]string{}
	}
	if in.Rule != nil {
		r := fromAPIRule(*in.Rule)
		input.Rule = &r
	}
	l, err := h.svc.CreateListing(c.Request().Context(), input)
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusCreated, "/v1/listings/"+l.Slug, toAPIListing(l), l.Version)
}

// updateListing godoc
// @ID       updateListing
// @Summary  Update a listing
// @Description JSON Merge Patch; with If-Match, a stale ETag is 412.
// @Tags     listings
// @Accept   json
// @Produce  json
// @Param    slug     path   string           true  "Listing slug"
// @Param    If-Match header string           false "ETag from a previous read"
// @Param    body     body   api.ListingPatch true  "Fields to change"
// @Success  200 {object} api.Listing
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Failure  409 {object} api.Problem
// @Failure  412 {object} api.Problem
// @Failure  415 {object} api.Problem
// @Failure  422 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/listings/{slug} [patch]
func (h *handler) updateListing(c echo.Context) error {
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	var in api.ListingPatch
	members, err := h.decodeJSON(c, &in)
	if err != nil {
		return err
	}
	for _, name := range []string{"slug", "title", "kind"} {
		if isNull(members, name) {
			return content.Invalid(name, "may not be null")
		}
	}
	patch := content.ListingInput{Slug: in.Slug, Title: in.Title, Description: in.Description}
	if in.Kind != nil {
		k := content.ListingKind(*in.Kind)
		patch.Kind = &k
	}
	if _, ok := members["post_ids"]; ok {
		ids := in.PostIDs
		if ids == nil {
			ids = []string{}
		}
		patch.PostIDs = &ids
	}
	if _, ok := members["rule"]; ok {
		r := content.ListingRule{}
		if in.Rule != nil {
			r = fromAPIRule(*in.Rule)
		}
		patch.Rule = &r
	}
	l, err := h.svc.UpdateListing(c.Request().Context(), c.Param("slug"), patch, version)
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusOK, "", toAPIListing(l), l.Version)
}

// deleteListing godoc
// @ID       deleteListing
// @Summary  Delete a listing
// @Description Removes the listing; its posts stay. Editors and admins.
// @Tags     listings
// @Param    slug     path   string true  "Listing slug"
// @Param    If-Match header string false "ETag from a previous read"
// @Success  204
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Failure  412 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/listings/{slug} [delete]
func (h *handler) deleteListing(c echo.Context) error {
	version, err := ifMatchVersion(c)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteListing(c.Request().Context(), c.Param("slug"), version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func fromAPIRule(r api.ListingRule) content.ListingRule {
	return content.ListingRule{Tags: r.Tags, Author: r.Author, Featured: r.Featured, Sort: content.PostSort(r.Sort), Limit: r.Limit}
}

func toAPIListing(l content.Listing) api.Listing {
	out := api.Listing{ID: l.ID, Slug: l.Slug, Title: l.Title, Description: l.Description, Kind: string(l.Kind),
		PostIDs: l.PostIDs, Version: l.Version, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
	if l.Kind == content.ListingByRule {
		out.Rule = &api.ListingRule{Tags: l.Rule.Tags, Author: l.Rule.Author, Featured: l.Rule.Featured,
			Sort: string(l.Rule.Sort), Limit: l.Rule.Limit}
	}
	if out.PostIDs == nil {
		out.PostIDs = []string{}
	}
	return out
}
