package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/internal/content"
)

// decodeJSON reads a JSON body into dst strictly: the content type must be
// JSON, the body within the limit, one value, and no unknown fields. It
// returns the raw object's members too, so a merge patch can tell an absent
// field from a null one.
func (h *handler) decodeJSON(c echo.Context, dst any) (map[string]json.RawMessage, error) {
	req := c.Request()
	mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	if err != nil || (mt != "application/json" && mt != "application/merge-patch+json") {
		return nil, &requestError{status: http.StatusUnsupportedMediaType,
			detail: "send the body as application/json"}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, h.bodyLimit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &requestError{status: http.StatusRequestEntityTooLarge,
				detail: fmt.Sprintf("the body is larger than %d bytes", h.bodyLimit)}
		}
		return nil, badRequest("the body could not be read")
	}
	if !utf8.Valid(body) {
		return nil, badRequest("the body must be UTF-8")
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil {
		return nil, badRequest("the body must be one JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return nil, jsonError(err)
	}
	return members, nil
}

// jsonError turns a decoding error into a 400 that names the field.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return badRequest("a field has the wrong type", content.FieldError{Field: te.Field,
			Message: "must be " + jsonTypeName(te.Type.String())})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badRequest("unknown field "+name, content.FieldError{Field: name, Message: "is not a field of this resource"})
	}
	var pe *time.ParseError
	if errors.As(err, &pe) {
		return badRequest("a time is not RFC 3339 (like 2026-11-27T10:00:00Z)")
	}
	return badRequest("the body is not valid JSON")
}

func jsonTypeName(goType string) string {
	switch {
	case strings.Contains(goType, "string"):
		return "a string"
	case strings.Contains(goType, "bool"):
		return "a boolean"
	case strings.Contains(goType, "int"):
		return "an integer"
	case strings.Contains(goType, "[]"):
		return "an array"
	case strings.Contains(goType, "Time"):
		return "an RFC 3339 time"
	}
	return "of another type"
}

// isNull reports whether the member name was sent as JSON null.
func isNull(members map[string]json.RawMessage, name string) bool {
	raw, ok := members[name]
	return ok && string(bytes.TrimSpace(raw)) == "null"
}

// queryParams returns the query of c after checking that it names only
// allowed parameters, each once. Unknown parameters are a 400 so that a
// typo never silently widens a query.
func queryParams(c echo.Context, allowed ...string) (url.Values, error) {
	q, err := url.ParseQuery(c.Request().URL.RawQuery)
	if err != nil {
		return nil, badRequest("the query string is malformed")
	}
	for name, vals := range q {
		if !contains(allowed, name) {
			return nil, content.BadParam(name, "is not a parameter of this endpoint (allowed: %s)", strings.Join(allowed, ", "))
		}
		if len(vals) > 1 {
			return nil, content.BadParam(name, "may be given once")
		}
	}
	return q, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
