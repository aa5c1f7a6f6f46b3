package testutil

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// testSpec is a small document in the shape openapigen produces.
const testSpec = `
openapi: 3.0.3
info: {title: Test, version: "1.0"}
servers: [{url: /}]
paths:
  /v1/posts/{id}:
    get:
      operationId: getPost
      parameters:
        - {in: path, name: id, required: true, schema: {type: string}}
      responses:
        "200":
          description: OK
          headers:
            ETag: {schema: {type: string}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Post'}
        "304": {description: Not Modified}
        "404":
          description: Not Found
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
    delete:
      operationId: deletePost
      parameters:
        - {in: path, name: id, required: true, schema: {type: string}}
      responses:
        "204": {description: No Content}
        default:
          description: Error
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
  /v1/feeds/rss.xml:
    get:
      operationId: getRSSFeed
      responses:
        "200":
          description: OK
          content:
            application/rss+xml: {schema: {type: string}}
  /v1/feeds/feed.json:
    get:
      operationId: getJSONFeed
      responses:
        "200":
          description: OK
          content:
            application/feed+json:
              schema:
                type: object
                required: [version, items]
                properties:
                  version: {type: string}
                  items: {type: array, items: {type: object}}
components:
  schemas:
    Author:
      type: object
      required: [id]
      properties: {id: {type: string}}
    Post:
      type: object
      required: [id, title, published_at, author]
      properties:
        id: {type: string}
        title: {type: string}
        published_at: {type: string, nullable: true}
        author:
          type: object
          nullable: true
          allOf: [{$ref: '#/components/schemas/Author'}]
    Problem:
      type: object
      required: [type, title, status]
      properties:
        type: {type: string}
        title: {type: string}
        status: {type: integer}
`

const (
	postJSON    = `{"id":"p1","title":"Hello","published_at":"2026-01-02T03:04:05Z","author":{"id":"a1"}}`
	problemJSON = `{"type":"about:blank","title":"Not Found","status":404}`
	ctJSON      = "application/json"
	ctProblem   = "application/problem+json"
)

func newTestValidator(t *testing.T) *SpecValidator {
	t.Helper()
	v, err := NewSpecValidator([]byte(testSpec))
	if err != nil {
		t.Fatalf("NewSpecValidator: %v", err)
	}
	return v
}

// checkCases are exchanges against testSpec; wantErr lists substrings of the
// expected failure, nil meaning the exchange is valid.
var checkCases = []struct {
	name, method, target string
	status               int
	contentType, body    string
	wantErr              []string // substrings of the error; nil means valid
}{
	{"valid post", "GET", "/v1/posts/p1", 200, ctJSON, postJSON, nil},
	{"query string ignored", "GET", "/v1/posts/p1?x=1", 200, ctJSON + "; charset=UTF-8", postJSON, nil},
	{"nullable fields", "GET", "/v1/posts/p1", 200, ctJSON,
		`{"id":"p1","title":"t","published_at":null,"author":null}`, nil},
	{"missing required", "GET", "/v1/posts/p1", 200, ctJSON,
		`{"id":"p1","published_at":null,"author":null}`,
		[]string{"GET /v1/posts/{id} (operationId getPost) answered 200", `property "title" is missing`}},
	{"wrong type deep", "GET", "/v1/posts/p1", 200, ctJSON,
		`{"id":"p1","title":"t","published_at":null,"author":{"id":7}}`, []string{"at /author", "at /id: value must be a string"}},
	{"not nullable", "GET", "/v1/posts/p1", 200, ctJSON,
		`{"id":null,"title":"t","published_at":null,"author":null}`, []string{"at /id"}},
	{"undeclared status", "GET", "/v1/posts/p1", 500, ctProblem, problemJSON,
		[]string{"status 500 is not declared (declared: 200, 304, 404)"}},
	{"declared 304 without body", "GET", "/v1/posts/p1", 304, "", "", nil},
	{"problem 404", "GET", "/v1/posts/p1", 404, ctProblem, problemJSON, nil},
	{"problem as plain json", "GET", "/v1/posts/p1", 404, ctJSON, problemJSON,
		[]string{`content type "application/json" is not declared`, "application/problem+json"}},
	{"invalid problem", "GET", "/v1/posts/p1", 404, ctProblem, `{"title":"x"}`, []string{`"type" is missing`}},
	{"default response", "DELETE", "/v1/posts/p1", 409, ctProblem, problemJSON, nil},
	{"no content", "DELETE", "/v1/posts/p1", 204, "", "", nil},
	{"no content with body", "DELETE", "/v1/posts/p1", 204, ctJSON, `{}`, []string{"declares no body"}},
	{"rss body not schema-checked", "GET", "/v1/feeds/rss.xml", 200, "application/rss+xml", "<rss/>", nil},
	{"rss wrong type", "GET", "/v1/feeds/rss.xml", 200, "text/html", "<html/>", []string{`"text/html" is not declared`}},
	{"rss undeclared status", "GET", "/v1/feeds/rss.xml", 418, "text/plain", "x", []string{"status 418"}},
	{"feed json checked", "GET", "/v1/feeds/feed.json", 200, "application/feed+json", `{"version":"1.1"}`,
		[]string{`property "items" is missing`}},
	{"feed json valid", "GET", "/v1/feeds/feed.json", 200, "application/feed+json",
		`{"version":"1.1","items":[]}`, nil},
	{"unknown route 404", "GET", "/v1/nope", 404, ctProblem, problemJSON, nil},
	{"unknown route 404 plain", "GET", "/v1/nope", 404, "text/plain", "not found", nil},
	{"unknown route bad problem", "GET", "/v1/nope", 404, ctProblem, `{"status":"x"}`, []string{"does not match Problem"}},
	{"unknown route 200", "GET", "/v1/nope", 200, ctJSON, `{}`, []string{"has no operation"}},
	{"unknown method 405", "POST", "/v1/posts/p1", 405, ctProblem, problemJSON, nil},
	{"unknown method 200", "PUT", "/v1/posts/p1", 200, ctJSON, `{}`, []string{"PUT /v1/posts/p1", "has no operation"}},
	{"escaped slash is one segment", "GET", "/v1/posts/a%2Fb", 404, ctProblem, problemJSON, nil},
	{"trailing slash is not routed", "GET", "/v1/posts/", 404, ctProblem, problemJSON, nil},
	{"empty segment is not routed", "GET", "/v1//posts/p1", 200, ctJSON, postJSON, []string{"has no operation"}},
	{"dot segments", "GET", "/v1/posts/../../etc/passwd", 404, ctProblem, problemJSON, nil},
	{"braces", "GET", "/v1/posts/%7Bid%7D", 200, ctJSON, postJSON, nil},
	{"control chars", "GET", "/v1/posts/%00%0A", 404, ctProblem, problemJSON, nil},
	{"long path", "GET", "/v1/posts/" + strings.Repeat("a", 10000), 404, ctProblem, problemJSON, nil},
}

func TestCheck(t *testing.T) {
	v := newTestValidator(t)
	for _, tc := range checkCases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			header := http.Header{}
			if tc.contentType != "" {
				header.Set("Content-Type", tc.contentType)
			}
			err := v.Check(req, tc.status, header, []byte(tc.body))
			assertErr(t, err, tc.wantErr)
		})
	}
}

func assertErr(t *testing.T, err error, want []string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected failure:\n%v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("expected a failure mentioning %q, got none", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("failure does not mention %q:\n%v", w, err)
		}
	}
}

// recordingTB captures the failures a helper reports.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Helper() {}
func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestValidateResponseReportsToTest(t *testing.T) {
	v := newTestValidator(t)
	rec := &recordingTB{TB: t}
	req := httptest.NewRequest(http.MethodGet, "/v1/posts/p1", nil)
	v.ValidateResponse(rec, req, http.StatusTeapot, nil, nil)
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "status 418 is not declared") {
		t.Fatalf("errors = %q", rec.errors)
	}
	good := httptest.NewRecorder()
	good.Header().Set("Content-Type", ctJSON)
	good.WriteString(postJSON)
	rec.errors = nil
	v.ValidateRecorder(rec, req, good)
	if len(rec.errors) != 0 {
		t.Fatalf("errors = %q", rec.errors)
	}
}

func TestNewSpecValidatorRejectsBadDocuments(t *testing.T) {
	for name, doc := range map[string]string{
		"not yaml":       "{",
		"invalid":        "openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n",
		"dangling ref":   strings.Replace(testSpec, "#/components/schemas/Author'", "#/components/schemas/Nope'", 1),
		"duplicate path": strings.Replace(testSpec, "/v1/feeds/feed.json", "/v1/posts/{other}", 1),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := NewSpecValidator([]byte(doc)); err == nil {
				t.Fatal("expected an error")
			}
		})
	}
}

func TestSpecPathIsModuleRoot(t *testing.T) {
	path, err := specPath()
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(root, "openapi.yaml") {
		t.Fatalf("specPath() = %q, want openapi.yaml in %q", path, root)
	}
}

// TestAgainstEcho drives a real echo router, whose own 404 and 405 answers
// and whose view of odd paths the validator has to agree with.
func TestAgainstEcho(t *testing.T) {
	v := newTestValidator(t)
	e := echo.New()
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		code := http.StatusInternalServerError
		var he *echo.HTTPError
		if errors.As(err, &he) {
			code = he.Code
		}
		body := fmt.Sprintf(`{"type":"about:blank","title":%q,"status":%d}`, http.StatusText(code), code)
		_ = c.Blob(code, ctProblem, []byte(body))
	}
	e.GET("/v1/posts/:id", func(c echo.Context) error {
		// echo hands /v1/posts/a/b to this handler with id "a/b"; the
		// spec's {id} is one segment, so only a 404 is acceptable there.
		if c.Param("id") != "p1" {
			return echo.ErrNotFound
		}
		return c.Blob(http.StatusOK, ctJSON, []byte(postJSON))
	})
	e.GET("/v1/feeds/rss.xml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/rss+xml", []byte("<rss/>"))
	})
	for _, target := range []string{
		"/v1/posts/p1", "/v1/posts/missing", "/v1/posts/", "/v1/posts", "/v1/posts/a%2Fb",
		"/v1/posts/a/b", "/v1//posts/p1", "/v1/feeds/rss.xml", "/v1/feeds/rss.xml/", "/nope", "/",
		"/v1/posts/%E2%9C%93", "/v1/posts/..%2F..%2Fetc",
	} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			req := httptest.NewRequest(method, target, nil)
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if err := v.Check(req, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
				t.Errorf("%s %s: %v", method, target, err)
			}
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	v, err := NewSpecValidator([]byte(testSpec))
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/v1/posts/p1", nil)
	header := http.Header{"Content-Type": {ctJSON}}
	body := []byte(postJSON)
	for b.Loop() {
		if err := v.Check(req, http.StatusOK, header, body); err != nil {
			b.Fatal(err)
		}
	}
}
