package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

// statusFor is the one place that maps domain errors to HTTP status codes.
func statusFor(err error) int {
	var (
		ve *content.ValidationError
		pe *content.ParamError
		he *echo.HTTPError
		re *requestError
	)
	switch {
	case errors.As(err, &re):
		return re.status
	case errors.As(err, &pe):
		return http.StatusBadRequest
	case errors.As(err, &ve):
		return http.StatusUnprocessableEntity
	case errors.As(err, &he):
		return he.Code
	case errors.Is(err, content.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, content.ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, content.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, content.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, content.ErrPreconditionFailed):
		return http.StatusPreconditionFailed
	case errors.Is(err, content.ErrRateLimited):
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// requestError is a malformed request found by the HTTP layer itself:
// bad JSON, wrong content type, a body too large.
type requestError struct {
	status int
	detail string
	fields []content.FieldError
}

func (e *requestError) Error() string { return e.detail }

func badRequest(detail string, fields ...content.FieldError) error {
	return &requestError{status: http.StatusBadRequest, detail: detail, fields: fields}
}

// problemFor builds the client-safe problem document for err.
func problemFor(err error, status int) api.Problem {
	p := api.Problem{Type: "about:blank", Title: http.StatusText(status), Status: status}
	var (
		ve *content.ValidationError
		pe *content.ParamError
		pu *content.PublicError
		re *requestError
		rl *content.RateLimitError
		he *echo.HTTPError
	)
	switch {
	case status >= 500:
		p.Detail = "the server failed to answer; quote the request_id when reporting this"
	case errors.As(err, &re):
		p.Detail, p.Errors = re.detail, fieldErrors(re.fields)
	case errors.As(err, &pe):
		p.Type, p.Detail, p.Errors = problemBase+"invalid-parameter", pe.Error(), fieldErrors(pe.Fields)
	case errors.As(err, &ve):
		p.Type, p.Detail, p.Errors = problemBase+"validation", ve.Error(), fieldErrors(ve.Fields)
	case errors.As(err, &pu):
		p.Detail = pu.Message
	case errors.As(err, &he):
		if msg, ok := he.Message.(string); ok {
			p.Detail = msg
		}
	}
	if errors.As(err, &rl) {
		p.RetryAfter = rl.RetryAfterSeconds
	}
	if p.Detail == "" {
		p.Detail = defaultDetail(status)
	}
	return p
}

const problemBase = "https://folio.dev/problems/"

func defaultDetail(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "a valid bearer token is required"
	case http.StatusForbidden:
		return "your role does not allow this"
	case http.StatusNotFound:
		return "no such resource"
	case http.StatusPreconditionFailed:
		return "the resource changed since you read it; fetch it again and retry"
	case http.StatusTooManyRequests:
		return "too many attempts; wait and retry"
	case http.StatusConflict:
		return "the request conflicts with the current state"
	}
	return http.StatusText(status)
}

func fieldErrors(in []content.FieldError) []api.FieldError {
	if len(in) == 0 {
		return nil
	}
	out := make([]api.FieldError, len(in))
	for i, f := range in {
		out[i] = api.FieldError{Field: f.Field, Message: f.Message}
	}
	return out
}

// errorHandler answers every error as problem+json and logs each 5xx once.
func (h *handler) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := statusFor(err)
	p := problemFor(err, status)
	p.Instance = c.Request().URL.Path
	p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	hdr := c.Response().Header()
	if status >= 500 {
		h.log.ErrorContext(c.Request().Context(), "request failed", slog.String("request_id", p.RequestID),
			slog.String("method", c.Request().Method), slog.String("path", p.Instance), slog.Any("error", err))
	}
	switch status {
	case http.StatusUnauthorized:
		hdr.Set(echo.HeaderWWWAuthenticate, `Bearer realm="folio"`)
	case http.StatusTooManyRequests:
		if p.RetryAfter > 0 {
			hdr.Set(echo.HeaderRetryAfter, strconv.Itoa(p.RetryAfter))
		}
	}
	hdr.Set("Cache-Control", "no-store")
	writeJSON(c, status, "application/problem+json", p)
}
