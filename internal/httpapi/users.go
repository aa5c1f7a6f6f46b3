package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

// listUsers godoc
// @ID       listUsers
// @Summary  List users
// @Description All accounts, in creation order. Admins only.
// @Tags     users
// @Produce  json
// @Param    limit  query int    false "Page size" minimum(1) maximum(100) default(20)
// @Param    cursor query string false "Opaque cursor from meta.next_cursor"
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.UserList
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/users [get]
func (h *handler) listUsers(c echo.Context) error {
	q, err := queryParams(c, "limit", "cursor")
	if err != nil {
		return err
	}
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	list, err := h.svc.ListUsers(c.Request().Context(), page)
	if err != nil {
		return err
	}
	out := api.UserList{Data: make([]api.User, len(list.Users)), Meta: meta(page.Limit, list.NextCursor, nil)}
	for i, u := range list.Users {
		out.Data[i] = toAPIUser(u)
	}
	setNextLink(c, list.NextCursor)
	return h.read(c, out, 0)
}

// getUser godoc
// @ID       getUser
// @Summary  Get a user
// @Description One account. Admins, or the user themself.
// @Tags     users
// @Produce  json
// @Param    id path string true "User id (ULID)"
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.User
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/users/{id} [get]
func (h *handler) getUser(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	u, err := h.svc.GetUser(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.read(c, toAPIUser(u), 0)
}

// createUser godoc
// @ID       createUser
// @Summary  Create a user
// @Description Adds an account with a role. Admins only; the password is never returned.
// @Tags     users
// @Accept   json
// @Produce  json
// @Param    body body api.UserCreate true "The user"
// @Param       Idempotency-Key header string false "Makes a retry safe: the first response is replayed for 24 hours"
// @Success  201 {object} api.User
// @Header      201 {string} Idempotent-Replayed "true when this is the stored response of an earlier request with the same Idempotency-Key"
// @Header   201 {string} Location "Path of the new user"
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  409 {object} api.Problem
// @Failure  415 {object} api.Problem
// @Failure  422 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/users [post]
func (h *handler) createUser(c echo.Context) error {
	var in api.UserCreate
	if _, err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	role := content.Role(in.Role)
	u, err := h.svc.CreateUser(c.Request().Context(), content.UserInput{Email: &in.Email, Password: &in.Password,
		Name: &in.Name, Role: &role, Slug: in.Slug, Bio: in.Bio, AvatarURL: in.AvatarURL})
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusCreated, "/v1/users/"+u.ID, toAPIUser(u), 0)
}

// updateUser godoc
// @ID       updateUser
// @Summary  Update a user
// @Description JSON Merge Patch. A new password or role revokes all of the user's tokens.
// @Tags     users
// @Accept   json
// @Produce  json
// @Param    id   path string        true "User id (ULID)"
// @Param    body body api.UserPatch true "Fields to change"
// @Success  200 {object} api.User
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Failure  409 {object} api.Problem
// @Failure  415 {object} api.Problem
// @Failure  422 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/users/{id} [patch]
func (h *handler) updateUser(c echo.Context) error {
	var in api.UserPatch
	members, err := h.decodeJSON(c, &in)
	if err != nil {
		return err
	}
	empty := ""
	patch := content.UserInput{Email: in.Email, Password: in.Password, Name: in.Name, Slug: in.Slug, Bio: in.Bio, AvatarURL: in.AvatarURL}
	for name, dst := range map[string]**string{"bio": &patch.Bio, "avatar_url": &patch.AvatarURL} {
		if isNull(members, name) {
			*dst = &empty
		}
	}
	for _, name := range []string{"email", "password", "name", "role", "slug"} {
		if isNull(members, name) {
			return content.Invalid(name, "may not be null")
		}
	}
	if in.Role != nil {
		r := content.Role(*in.Role)
		patch.Role = &r
	}
	if !content.IsID(c.Param("id")) {
		return content.BadParam("id", "must be a user id (ULID)")
	}
	u, err := h.svc.UpdateUser(c.Request().Context(), c.Param("id"), patch)
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusOK, "", toAPIUser(u), 0)
}

// deleteUser godoc
// @ID       deleteUser
// @Summary  Delete a user
// @Description Refused with 409 while the user has posts, and for the last admin.
// @Tags     users
// @Param    id path string true "User id (ULID)"
// @Success  204
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Failure  409 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/users/{id} [delete]
func (h *handler) deleteUser(c echo.Context) error {
	if !content.IsID(c.Param("id")) {
		return content.BadParam("id", "must be a user id (ULID)")
	}
	if err := h.svc.DeleteUser(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
