package httpapi

import (
	"strings"

	"github.com/oklog/ulid/v2"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/content"
)

const userIDKey = "folio.user_id"

// requestID echoes a sane X-Request-ID from the caller or makes one, and
// puts it in the request context so events can record it.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !validRequestID(id) {
			id = ulid.Make().String() // unique and sortable; it need not be unguessable, so no crypto/rand per request
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		req := c.Request()
		c.SetRequest(req.WithContext(content.WithRequestID(req.Context(), id)))
		return next(c)
	}
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		if r < 0x21 || r > 0x7e {
			return false
		}
	}
	return true
}

// authenticate turns a bearer token into the request's actor. No header
// means an anonymous caller; a header that is not a valid token is a 401
// even on public reads, so a script learns at once that its token is bad.
func (h *handler) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		header := c.Request().Header.Get(echo.HeaderAuthorization)
		if header == "" {
			return next(c)
		}
		scheme, token, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || len(token) > auth.MaxTokenLen {
			return content.ErrUnauthorized
		}
		req := c.Request()
		a, err := h.svc.Authenticate(req.Context(), strings.TrimSpace(token))
		if err != nil {
			return err
		}
		c.Set(userIDKey, a.UserID)
		c.SetRequest(req.WithContext(content.WithActor(req.Context(), a)))
		return next(c)
	}
}
