package api

// Problem is an RFC 9457 problem document, served as application/problem+json.
type Problem struct {
	// A URI naming the kind of problem; about:blank when the status says it all.
	Type string `json:"type" example:"https://folio.dev/problems/validation" validate:"required"`
	// A short summary of the kind of problem.
	Title string `json:"title" example:"Unprocessable Entity" validate:"required"`
	// The HTTP status code.
	Status int `json:"status" example:"422" validate:"required"`
	// What went wrong with this request, in words.
	Detail string `json:"detail,omitempty" example:"title: is required"`
	// The request path.
	Instance string `json:"instance,omitempty" example:"/v1/posts"`
	// The id of the request, also in the X-Request-ID header; quote it in bug reports.
	RequestID string `json:"request_id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9I" validate:"required"`
	// Field problems, one per invalid field or parameter.
	Errors []FieldError `json:"errors,omitempty"`
	// Seconds to wait before retrying, on 429.
	RetryAfter int `json:"retry_after,omitempty" example:"12"`
} // @name Problem

// FieldError is one invalid field of a request.
type FieldError struct {
	// The JSON field or query parameter.
	Field string `json:"field" example:"title" validate:"required"`
	// Why it is invalid.
	Message string `json:"message" example:"is required" validate:"required"`
} // @name FieldError
