// Package testutil holds helpers shared by Folio's tests.
package testutil

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// ProblemSchema is the component name of the RFC 9457 problem type.
const ProblemSchema = "Problem"

// maxBodyExcerpt bounds how much of a failing body a message quotes.
const maxBodyExcerpt = 600

// SpecValidator checks HTTP exchanges against an OpenAPI 3 document. It is
// safe for concurrent use by parallel tests.
type SpecValidator struct {
	doc     *openapi3.T
	router  routers.Router
	problem *openapi3.SchemaRef
	options *openapi3filter.Options
}

var (
	specOnce      sync.Once
	specValidator *SpecValidator
	specErr       error
	decodersOnce  sync.Once
)

// OpenAPI loads openapi.yaml from the module root once per test binary,
// validates the document and builds a router for it. It fails the test if
// the document cannot be loaded.
func OpenAPI(t testing.TB) *SpecValidator {
	t.Helper()
	specOnce.Do(func() {
		path, err := specPath()
		if err != nil {
			specErr = err
			return
		}
		data, err := os.ReadFile(path)
		if err != nil {
			specErr = fmt.Errorf("%w (run scripts/spec-check.sh generate)", err)
			return
		}
		if specValidator, err = NewSpecValidator(data); err != nil {
			specErr = fmt.Errorf("%s: %w", path, err)
		}
	})
	if specErr != nil {
		t.Fatalf("testutil.OpenAPI: %v", specErr)
	}
	return specValidator
}

// NewSpecValidator builds a SpecValidator from an OpenAPI 3 document in
// YAML or JSON. It validates the document and resolves every reference.
func NewSpecValidator(doc []byte) (*SpecValidator, error) {
	registerDecoders()
	loader := openapi3.NewLoader()
	spec, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("loading OpenAPI document: %w", err)
	}
	if err := spec.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("invalid OpenAPI document: %w", err)
	}
	// Route on paths alone: Folio's paths carry /v1 and its server is "/".
	routing := *spec
	routing.Servers = nil
	router, err := legacy.NewRouter(&routing)
	if err != nil {
		return nil, fmt.Errorf("building router: %w", err)
	}
	v := &SpecValidator{doc: spec, router: router}
	if spec.Components != nil {
		v.problem = spec.Components.Schemas[ProblemSchema]
	}
	v.options = &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}
	v.options.WithCustomSchemaErrorFunc(schemaErrorMessage)
	return v, nil
}

// Doc returns the loaded document, for tests that inspect the spec itself.
func (v *SpecValidator) Doc() *openapi3.T { return v.doc }

// ValidateResponse checks one exchange against the spec: the operation must
// exist for req's method and path, the status must be declared for it (or
// by a default response), and the body must match the schema declared for
// the response's content type. A mismatch fails the test with a message
// naming the route, the status and the schema error.
func (v *SpecValidator) ValidateResponse(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if err := v.Check(req, status, header, body); err != nil {
		t.Errorf("%v", err)
	}
}

// ValidateRecorder is ValidateResponse for a response captured by an
// httptest.ResponseRecorder.
func (v *SpecValidator) ValidateRecorder(t testing.TB, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	v.ValidateResponse(t, req, rec.Code, rec.Header(), rec.Body.Bytes())
}

// Check is ValidateResponse returning the failure as an error instead of
// reporting it to a test.
func (v *SpecValidator) Check(req *http.Request, status int, header http.Header, body []byte) error {
	if req == nil || req.URL == nil {
		return errors.New("openapi: ValidateResponse needs a request with a URL")
	}
	if header == nil {
		header = http.Header{}
	}
	route, params, found := v.findRoute(req)
	if !found {
		return v.checkUnrouted(req, status, header, body)
	}
	name := fmt.Sprintf("%s %s (operationId %s)", req.Method, route.Path, route.Operation.OperationID)
	fail := func(format string, args ...any) error {
		return fmt.Errorf("openapi: %s answered %d: %s\n    request path: %s\n    body: %s",
			name, status, fmt.Sprintf(format, args...), req.URL.EscapedPath(), excerpt(body))
	}
	response := route.Operation.Responses.Status(status)
	if response == nil {
		response = route.Operation.Responses.Default()
	}
	if response == nil || response.Value == nil {
		return fail("status %d is not declared (declared: %s)", status, declaredStatuses(route.Operation))
	}
	if err := checkMediaType(response.Value, req.Method, header, body); err != nil {
		return fail("%v", err)
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route, Options: v.options,
		},
		Status:  status,
		Header:  header,
		Options: v.optionsFor(header),
	}
	input.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		return fail("%s", strings.ReplaceAll(err.Error(), " | ", "\n      "))
	}
	return nil
}

// findRoute looks up the operation for req. Paths are matched in their
// escaped form, as echo routes them, so an escaped slash stays inside one
// segment; a path with an empty segment or a trailing slash, which echo's
// router does not serve, never matches.
func (v *SpecValidator) findRoute(req *http.Request) (*routers.Route, map[string]string, bool) {
	path := req.URL.EscapedPath()
	if !strings.HasPrefix(path, "/") || strings.Contains(path, "//") ||
		(len(path) > 1 && strings.HasSuffix(path, "/")) {
		return nil, nil, false
	}
	lookup := &http.Request{Method: req.Method, URL: &url.URL{Path: path}, Header: http.Header{}}
	route, params, err := v.router.FindRoute(lookup)
	if err != nil || route == nil || route.Operation == nil {
		return nil, nil, false
	}
	return route, params, true
}

// checkUnrouted accepts a response to a request the spec has no operation
// for only when it is echo's own 404 or 405, whose problem body, if any,
// must still be a valid Problem.
func (v *SpecValidator) checkUnrouted(req *http.Request, status int, header http.Header, body []byte) error {
	name := req.Method + " " + req.URL.EscapedPath()
	if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
		return fmt.Errorf("openapi: %s answered %d, but the spec has no operation for it "+
			"(only a 404 or 405 from the router is expected there)\n    body: %s", name, status, excerpt(body))
	}
	if mediaType(header) != "application/problem+json" || v.problem == nil || len(body) == 0 {
		return nil
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return fmt.Errorf("openapi: %s answered %d with a problem+json body that is not JSON: %v\n    body: %s",
			name, status, err, excerpt(body))
	}
	err := v.problem.Value.VisitJSON(value, openapi3.VisitAsResponse(), openapi3.MultiErrors(),
		openapi3.SetSchemaErrorMessageCustomizer(schemaErrorMessage))
	if err != nil {
		return fmt.Errorf("openapi: %s answered %d with a body that does not match %s: %s\n    body: %s",
			name, status, ProblemSchema, strings.ReplaceAll(err.Error(), " | ", "; "), excerpt(body))
	}
	return nil
}

// checkMediaType checks what kin-openapi leaves alone: a response declared
// without content must have no body, and one declared with content must
// carry one of the declared content types (HEAD responses have no body).
func checkMediaType(response *openapi3.Response, method string, header http.Header, body []byte) error {
	if len(response.Content) == 0 {
		if len(body) != 0 {
			return fmt.Errorf("the spec declares no body for this status, but %d bytes were sent", len(body))
		}
		return nil
	}
	if method == http.MethodHead {
		return nil
	}
	if response.Content.Get(header.Get("Content-Type")) == nil {
		return fmt.Errorf("content type %q is not declared for this status (declared: %s)",
			header.Get("Content-Type"), strings.Join(sortedKeys(response.Content), ", "))
	}
	return nil
}

// optionsFor returns the validation options for a response: bodies of JSON
// media types are checked against their schema, other bodies (XML feeds,
// plain text, YAML) only for their declared status, content type and headers.
func (v *SpecValidator) optionsFor(header http.Header) *openapi3filter.Options {
	if isJSON(mediaType(header)) {
		return v.options
	}
	opts := *v.options
	opts.ExcludeResponseBody = true
	return &opts
}

// registerDecoders makes sure every JSON flavour Folio serves is decoded
// as JSON; kin-openapi already knows most of them.
func registerDecoders() {
	decodersOnce.Do(func() {
		for _, ct := range []string{"application/problem+json", "application/feed+json"} {
			if openapi3filter.RegisteredBodyDecoder(ct) == nil {
				openapi3filter.RegisterBodyDecoder(ct, openapi3filter.JSONBodyDecoder)
			}
		}
	})
}

// schemaErrorMessage renders a schema error as its JSON pointer and reason,
// leaving out the schema and value dumps kin-openapi adds by default.
func schemaErrorMessage(err *openapi3.SchemaError) string {
	reason := err.Reason
	if err.Origin != nil {
		reason = err.Origin.Error()
	}
	if reason == "" {
		reason = fmt.Sprintf("does not match the schema's %q", err.SchemaField)
	}
	return fmt.Sprintf("at /%s: %s", strings.Join(err.JSONPointer(), "/"), reason)
}

// specPath finds openapi.yaml at the module root: next to this file's
// module when the source path is known, else above the working directory.
func specPath() (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		candidate := filepath.Join(filepath.Dir(file), "..", "..", "openapi.yaml")
		if _, err := os.Stat(candidate); err == nil {
			return filepath.Clean(candidate), nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "openapi.yaml"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cannot find the module root (no go.mod above the working directory)")
		}
		dir = parent
	}
}

// declaredStatuses lists the response keys of op in order.
func declaredStatuses(op *openapi3.Operation) string {
	return strings.Join(sortedKeys(op.Responses.Map()), ", ")
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mediaType returns the lower-cased media type of header's Content-Type.
func mediaType(header http.Header) string {
	mt, _, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mt
}

// isJSON reports whether media type mt is JSON or a +json suffix type.
func isJSON(mt string) bool {
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// excerpt quotes the start of a body for a failure message.
func excerpt(body []byte) string {
	if len(body) == 0 {
		return "(empty)"
	}
	b := bytes.TrimSpace(body)
	if len(b) > maxBodyExcerpt {
		return fmt.Sprintf("%s… (%d bytes)", b[:maxBodyExcerpt], len(body))
	}
	return string(b)
}
