package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
)

// login godoc
// @ID          login
// @Summary     Log in
// @Description Trades an email and password for a bearer token. Attempts are rate limited per account and per client address (429 with Retry-After).
// @Tags        auth
// @Accept      json
// @Produce     json
// @Param       body body api.LoginRequest true "Credentials"
// @Param       Idempotency-Key header string false "Makes a retry safe: the first response is replayed for 24 hours"
// @Success     200 {object} api.AccessToken
// @Header      200 {string} Idempotent-Replayed "true when this is the stored response of an earlier request with the same Idempotency-Key"
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     415 {object} api.Problem
// @Failure     429 {object} api.Problem
// @Failure     409 {object} api.Problem
// @Failure     422 {object} api.Problem
// @Header      429 {integer} Retry-After "Seconds to wait"
// @Router      /v1/auth/login [post]
func (h *handler) login(c echo.Context) error {
	var in api.LoginRequest
	if _, err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	tok, err := h.svc.Login(c.Request().Context(), in.Email, in.Password, c.RealIP())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return writeJSON(c, http.StatusOK, echo.MIMEApplicationJSON, api.AccessToken{
		AccessToken: tok.Token, TokenType: "Bearer", ExpiresIn: int(tok.TTL.Seconds())})
}

// me godoc
// @ID       getMe
// @Summary  Who am I
// @Description The account behind the token.
// @Tags     auth
// @Produce  json
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.User
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  401 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/me [get]
func (h *handler) me(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	u, err := h.svc.Me(c.Request().Context())
	if err != nil {
		return err
	}
	return h.read(c, toAPIUser(u), 0)
}

// createToken godoc
// @ID          createAPIToken
// @Summary     Create an API token
// @Description A named, revocable token for scripts. The token is in this response only; store it.
// @Tags        auth
// @Accept      json
// @Produce     json
// @Param       body body api.APITokenCreate true "Name and lifetime"
// @Param       Idempotency-Key header string false "Makes a retry safe: the first response is replayed for 24 hours"
// @Success     201 {object} api.APIToken
// @Header      201 {string} Idempotent-Replayed "true when this is the stored response of an earlier request with the same Idempotency-Key"
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     415 {object} api.Problem
// @Failure     422 {object} api.Problem
// @Failure     409 {object} api.Problem
// @Security    BearerAuth
// @Router      /v1/auth/tokens [post]
func (h *handler) createToken(c echo.Context) error {
	var in api.APITokenCreate
	if _, err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	var ttl time.Duration
	if in.ExpiresIn != nil {
		ttl = time.Duration(*in.ExpiresIn) * time.Second
		if *in.ExpiresIn <= 0 || *in.ExpiresIn > 200*365*24*3600 {
			ttl = -1 // out of range; the service names the field
		}
	}
	t, err := h.svc.CreateAPIToken(c.Request().Context(), in.Name, ttl)
	if err != nil {
		return err
	}
	out := toAPIToken(t.APIToken)
	out.Token = &t.Token
	return h.wrote(c, http.StatusCreated, "/v1/auth/tokens/"+t.ID, out, 0)
}

// listTokens godoc
// @ID       listAPITokens
// @Summary  List my API tokens
// @Description Names and expiry of the caller's tokens; never the tokens themselves.
// @Tags     auth
// @Produce  json
// @Param       If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.APITokenList
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  401 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/auth/tokens [get]
func (h *handler) listTokens(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	tokens, err := h.svc.ListAPITokens(c.Request().Context())
	if err != nil {
		return err
	}
	out := api.APITokenList{Data: make([]api.APIToken, len(tokens))}
	for i, t := range tokens {
		out.Data[i] = toAPIToken(t)
	}
	return h.read(c, out, 0)
}

// revokeToken godoc
// @ID       revokeAPIToken
// @Summary  Revoke an API token
// @Description The token stops working at once.
// @Tags     auth
// @Param    id path string true "Token id (ULID)"
// @Success  204
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/auth/tokens/{id} [delete]
func (h *handler) revokeToken(c echo.Context) error {
	if err := h.svc.RevokeAPIToken(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
