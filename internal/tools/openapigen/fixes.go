package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	mimeJSON    = "application/json"
	mimeProblem = "application/problem+json"
	schemasRef  = "#/components/schemas/"
)

// applyFixes rewrites what Swagger 2.0 cannot express: the document's
// server, bearer authentication, public operations, and the media types of
// problem responses.
func applyFixes(doc *openapi3.T, opts Options) error {
	if opts.ServerURL == "" {
		return fmt.Errorf("server URL must not be empty")
	}
	doc.Servers = openapi3.Servers{{URL: opts.ServerURL}}
	if doc.Paths == nil {
		// OpenAPI 3.0 requires the paths object even when it is empty.
		doc.Paths = openapi3.NewPaths()
	}
	fixSecuritySchemes(doc, opts.BearerFormat)
	problemRef := schemasRef + opts.ProblemSchema
	if opts.ProblemSchema != "" && doc.Components.Schemas[opts.ProblemSchema] == nil {
		problemRef = ""
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			if op.Security == nil && len(doc.Security) == 0 {
				// swag cannot say "no authentication": state it explicitly.
				op.Security = &openapi3.SecurityRequirements{}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				// An openapi2conv bookkeeping extension, meaningless in OpenAPI 3.
				delete(op.RequestBody.Value.Extensions, "x-originalParamName")
			}
			if op.Responses != nil {
				fixResponseMediaTypes(op.Responses, problemRef)
			}
		}
	}
	return nil
}

// fixSecuritySchemes turns each apiKey scheme sent in the Authorization
// header, which is how swag spells a bearer token, into an http bearer scheme.
func fixSecuritySchemes(doc *openapi3.T, bearerFormat string) {
	for _, ref := range doc.Components.SecuritySchemes {
		s := ref.Value
		if s == nil || s.Type != "apiKey" || s.In != "header" || !strings.EqualFold(s.Name, "Authorization") {
			continue
		}
		ref.Value = &openapi3.SecurityScheme{
			Extensions:   s.Extensions,
			Type:         "http",
			Description:  s.Description,
			Scheme:       "bearer",
			BearerFormat: bearerFormat,
		}
	}
}

// fixResponseMediaTypes serves each error response whose schema is the
// problem type as application/problem+json only, and removes
// application/problem+json from success responses. Every other media type
// (feeds, plain text, YAML) is left as swag's @Produce declared it.
func fixResponseMediaTypes(responses *openapi3.Responses, problemRef string) {
	for code, ref := range responses.Map() {
		if ref == nil || ref.Value == nil || len(ref.Value.Content) == 0 {
			continue
		}
		content := ref.Value.Content
		if !isErrorStatus(code) {
			delete(content, mimeProblem)
			continue
		}
		if schema := problemSchema(content, problemRef); schema != nil {
			ref.Value.Content = openapi3.Content{
				mimeProblem: openapi3.NewMediaType().WithSchemaRef(schema),
			}
		}
	}
}

// problemSchema returns the schema shared by every media type of content
// when that schema is a reference to the problem type, and nil otherwise.
func problemSchema(content openapi3.Content, problemRef string) *openapi3.SchemaRef {
	if problemRef == "" {
		return nil
	}
	var found *openapi3.SchemaRef
	for _, mt := range content {
		if mt == nil || mt.Schema == nil || mt.Schema.Ref != problemRef {
			return nil
		}
		found = mt.Schema
	}
	return found
}

// isErrorStatus reports whether a responses key denotes an error: default,
// a 4XX or 5XX range, or a status code of 400 or more.
func isErrorStatus(code string) bool {
	switch strings.ToUpper(code) {
	case "DEFAULT", "4XX", "5XX":
		return true
	}
	n, err := strconv.Atoi(code)
	return err == nil && n >= 400
}
