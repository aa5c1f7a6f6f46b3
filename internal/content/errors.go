package content

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors of the domain. Lower layers wrap them with %w; the HTTP
// layer maps each to one status code.
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrForbidden    = errors.New("forbidden")
	ErrUnauthorized = errors.New("unauthorized")
	// ErrPreconditionFailed means an If-Match version no longer matches.
	ErrPreconditionFailed = errors.New("precondition failed")
	// ErrRateLimited means the caller must wait; see RateLimitError for how long.
	ErrRateLimited = errors.New("rate limited")
)

// FieldError names one invalid input field and why it is invalid.
type FieldError struct {
	Field   string
	Message string
}

// ValidationError is valid input that breaks a rule; it lists every field problem found.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a problem with field.
func (e *ValidationError) Add(field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns e when it holds at least one problem, and nil otherwise.
func (e *ValidationError) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Invalid returns a ValidationError for one field.
func Invalid(field, format string, args ...any) error {
	ve := &ValidationError{}
	ve.Add(field, format, args...)
	return ve
}

// PublicError carries a client-safe message beside an internal cause. The
// HTTP layer shows Message and keeps Err for logs and status mapping.
type PublicError struct {
	Err     error
	Message string
}

func (e *PublicError) Error() string { return e.Message + ": " + e.Err.Error() }
func (e *PublicError) Unwrap() error { return e.Err }

// Public wraps err with a message that is safe to show to the client.
func Public(err error, format string, args ...any) error {
	return &PublicError{Err: err, Message: fmt.Sprintf(format, args...)}
}

// RateLimitError is ErrRateLimited with the time the caller should wait.
type RateLimitError struct {
	RetryAfterSeconds int
}

func (e *RateLimitError) Error() string { return "rate limited" }
func (e *RateLimitError) Unwrap() error { return ErrRateLimited }

// ParamError is a malformed query parameter or path value: the request
// itself is wrong (400), not a rule broken by valid input (422).
type ParamError struct {
	ValidationError
}

// BadParam returns a ParamError for one parameter.
func BadParam(field, format string, args ...any) error {
	pe := &ParamError{}
	pe.Add(field, format, args...)
	return pe
}
