package httpapi

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/content"
)

const userIDKey = "folio.user_id"

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
func (h *handler) authenticate(c echo.Context) error {
	req := c.Request()
	value := header(req.Header, hdrAuth)
	if value == "" {
		return nil
	}
	scheme, token, ok := strings.Cut(value, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || len(token) > auth.MaxTokenLen {
		return content.ErrUnauthorized
	}
	a, err := h.svc.Authenticate(req.Context(), strings.TrimSpace(token))
	if err != nil {
		return err
	}
	c.Set(userIDKey, a.UserID)
	c.SetRequest(req.WithContext(content.WithActor(req.Context(), a)))
	return nil
}
