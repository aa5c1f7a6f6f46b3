package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// swaggerDoc wraps paths and definitions JSON in a minimal swag-style document.
func swaggerDoc(paths, definitions string) string {
	return `{
  "swagger": "2.0",
  "info": {"title": "Folio API", "version": "1.0",
    "contact": {"name": "Folio", "url": "https://example.org"},
    "license": {"name": "MIT", "url": "https://opensource.org/licenses/MIT"}},
  "basePath": "/",
  "paths": ` + paths + `,
  "definitions": ` + definitions + `,
  "securityDefinitions": {
    "BearerAuth": {"type": "apiKey", "name": "Authorization", "in": "header", "description": "JWT"}
  }
}`
}

const problemDef = `"api.Problem": {"type": "object", "required": ["title"],
  "properties": {"title": {"type": "string"}, "errors": {"type": "array",
    "items": {"$ref": "#/definitions/api.FieldError"}}}},
"api.FieldError": {"type": "object", "properties": {"field": {"type": "string"}}}`

func op(produces, responses string) string {
	return `{"operationId": "op", "produces": [` + produces + `], "responses": {` + responses + `}}`
}

func resp(code, ref string) string {
	return `"` + code + `": {"description": "d", "schema": {"$ref": "#/definitions/` + ref + `"}}`
}

// convert runs Convert with default options and loads the result back.
func convert(t *testing.T, src string) (*openapi3.T, string) {
	t.Helper()
	out, err := Convert([]byte(src), DefaultOptions())
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(out)
	if err != nil {
		t.Fatalf("loading output: %v\n%s", err, out)
	}
	return doc, string(out)
}

func mediaTypes(t *testing.T, doc *openapi3.T, path, code string) []string {
	t.Helper()
	r := doc.Paths.Value(path).Get.Responses.Value(code)
	if r == nil {
		t.Fatalf("no response %s on %s", code, path)
	}
	return sortedKeys(r.Value.Content)
}

func TestResponseMediaTypes(t *testing.T) {
	tests := []struct {
		name, produces, responses, code string
		want                            []string
	}{
		{"error as problem", `"application/json"`, resp("404", "api.Problem"), "404", []string{mimeProblem}},
		{"default as problem", `"application/json"`, resp("default", "api.Problem"), "default", []string{mimeProblem}},
		{"success stays json", `"application/json"`, resp("200", "api.Post"), "200", []string{mimeJSON}},
		{"success drops problem", `"application/json", "application/problem+json"`, resp("200", "api.Post"),
			"200", []string{mimeJSON}},
		{"error with both produces", `"application/json", "application/problem+json"`, resp("400", "api.Problem"),
			"400", []string{mimeProblem}},
		{"feed error", `"application/rss+xml"`, resp("500", "api.Problem"), "500", []string{mimeProblem}},
		{"feed success kept", `"application/rss+xml", "application/atom+xml"`,
			`"200": {"description": "d", "schema": {"type": "string"}}`, "200",
			[]string{"application/atom+xml", "application/rss+xml"}},
		{"json feed kept", `"application/feed+json"`, resp("200", "api.Post"), "200", []string{"application/feed+json"}},
		{"non-problem error untouched", `"application/json"`, resp("409", "api.Post"), "409", []string{mimeJSON}},
		{"problem below 400 untouched", `"application/json"`, resp("202", "api.Problem"), "202", []string{mimeJSON}},
	}
	defs := `{` + problemDef + `, "api.Post": {"type": "object", "properties": {"id": {"type": "string"}}}}`
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := swaggerDoc(`{"/v1/x": {"get": `+op(tc.produces, tc.responses)+`}}`, defs)
			doc, _ := convert(t, src)
			got := mediaTypes(t, doc, "/v1/x", tc.code)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("media types = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSecurity(t *testing.T) {
	paths := `{"/v1/a": {
	  "get": ` + op(`"application/json"`, `"204": {"description": "d"}`) + `,
	  "post": {"operationId": "b", "security": [{"BearerAuth": []}], "responses": {"204": {"description": "d"}}}}}`
	doc, _ := convert(t, swaggerDoc(paths, `{}`))
	s := doc.Components.SecuritySchemes["BearerAuth"].Value
	if s.Type != "http" || s.Scheme != "bearer" || s.BearerFormat != "JWT" || s.Description != "JWT" ||
		s.In != "" || s.Name != "" {
		t.Fatalf("BearerAuth = %+v", s)
	}
	item := doc.Paths.Value("/v1/a")
	if sec := item.Get.Security; sec == nil || len(*sec) != 0 {
		t.Fatalf("public operation security = %v, want explicit []", sec)
	}
	if sec := item.Post.Security; sec == nil || len(*sec) != 1 || (*sec)[0]["BearerAuth"] == nil {
		t.Fatalf("protected operation security = %v", sec)
	}
}

func TestOtherAPIKeysUntouched(t *testing.T) {
	src := strings.Replace(swaggerDoc(`{}`, `{}`), `"name": "Authorization"`, `"name": "X-API-Key"`, 1)
	doc, _ := convert(t, src)
	if s := doc.Components.SecuritySchemes["BearerAuth"].Value; s.Type != "apiKey" || s.Name != "X-API-Key" {
		t.Fatalf("scheme = %+v", s)
	}
}

func TestNullable(t *testing.T) {
	defs := `{"api.Author": {"type": "object", "properties": {"id": {"type": "string"}}},
	  "api.Status": {"type": "string", "enum": ["a", "b"]},
	  "api.Post": {"type": "object", "properties": {
	    "published_at": {"type": "string", "x-nullable": true},
	    "author": {"allOf": [{"$ref": "#/definitions/api.Author"}], "x-nullable": true},
	    "status": {"allOf": [{"$ref": "#/definitions/api.Status"}], "x-nullable": true},
	    "editor": {"$ref": "#/definitions/api.Author", "x-nullable": true},
	    "title": {"type": "string", "x-nullable": false},
	    "body": {"type": "string"}}}}`
	doc, out := convert(t, swaggerDoc(`{}`, defs))
	if strings.Contains(out, "x-nullable") {
		t.Fatalf("x-nullable left in output:\n%s", out)
	}
	props := doc.Components.Schemas["Post"].Value.Properties
	for name, want := range map[string]struct {
		nullable bool
		typ      string
	}{
		"published_at": {true, "string"}, "author": {true, "object"}, "status": {true, "string"},
		"editor": {true, "object"}, "title": {false, "string"}, "body": {false, "string"},
	} {
		s := props[name]
		if s == nil || s.Value == nil {
			t.Fatalf("property %s missing", name)
		}
		if s.Ref != "" || s.Value.Nullable != want.nullable || !s.Value.Type.Is(want.typ) {
			t.Errorf("%s: ref=%q nullable=%v type=%v, want nullable=%v type=%s",
				name, s.Ref, s.Value.Nullable, s.Value.Type, want.nullable, want.typ)
		}
	}
	if ref := props["editor"].Value.AllOf[0].Ref; ref != "#/components/schemas/Author" {
		t.Errorf("editor allOf ref = %q", ref)
	}
}

func TestRenameRefs(t *testing.T) {
	defs := `{` + problemDef + `,
	  "api.Post": {"type": "object", "properties": {"tags": {"type": "array", "items": {"$ref": "#/definitions/api.TagRef"}}}},
	  "api.TagRef": {"type": "object", "properties": {"slug": {"type": "string"}}},
	  "httpapi.createPostRequest": {"type": "object", "properties": {"meta": {"type": "object",
	    "additionalProperties": {"$ref": "#/definitions/api.TagRef"}}}},
	  "api.Page-api_Post": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/definitions/api.Post"}}}}}`
	paths := `{"/v1/posts": {"post": {"operationId": "createPost", "consumes": ["application/json"],
	  "parameters": [{"in": "body", "name": "post", "required": true, "schema": {"$ref": "#/definitions/httpapi.createPostRequest"}}],
	  "responses": {` + resp("200", "api.Page-api_Post") + `, ` + resp("400", "api.Problem") + `}}}}`
	doc, out := convert(t, swaggerDoc(paths, defs))
	want := []string{"FieldError", "PagePost", "Post", "Problem", "TagRef", "createPostRequest"}
	got := sortedKeys(doc.Components.Schemas)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("schemas = %v, want %v", got, want)
	}
	for _, stale := range []string{"api.", "httpapi.", "#/definitions/", "x-originalParamName"} {
		if strings.Contains(out, stale) {
			t.Errorf("output still contains %q", stale)
		}
	}
	body := doc.Paths.Value("/v1/posts").Post.RequestBody.Value.Content[mimeJSON].Schema
	if body.Ref != "#/components/schemas/createPostRequest" {
		t.Errorf("request body ref = %q", body.Ref)
	}
}

func TestShortSchemaName(t *testing.T) {
	for in, want := range map[string]string{
		"api.Post":                              "Post",
		"Post":                                  "Post",
		"httpapi.listPosts.response":            "response",
		"github_com_folio-cms_folio_api.Post":   "Post",
		"api.Page-api_Post":                     "PagePost",
		"api.Pair-api_Post-api_TagRef":          "PairPostTagRef",
		"api.Page-github_com_folio-cms_api_Tag": "PageTag",
	} {
		if got := shortSchemaName(in); got != want {
			t.Errorf("shortSchemaName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := map[string]struct{ src, want string }{
		"collision": {swaggerDoc(`{}`, `{"api.Post": {"type": "object"}, "store.Post": {"type": "object"}}`),
			`definitions "api.Post" and "store.Post" both become "Post"`},
		"dangling ref": {swaggerDoc(`{}`, `{"api.Post": {"type": "object", "properties": {"a": {"$ref": "#/definitions/api.Nope"}}}}`),
			`dangling reference "#/definitions/api.Nope"`},
		"not swagger": {`{"openapi": "3.0.3"}`, "not a Swagger 2.0 document"},
		"not json":    {`[`, "parsing Swagger document"},
		"invalid result": {swaggerDoc(`{"/v1/{id}": {"get": {"operationId": "x", "responses": {"200": {"description": "d"}}}}}`, `{}`),
			"converted document is invalid"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Convert([]byte(tc.src), DefaultOptions())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDocumentLevel(t *testing.T) {
	doc, out := convert(t, swaggerDoc(`{}`, `{}`))
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Errorf("servers = %v", doc.Servers)
	}
	if doc.Info.License == nil || doc.Info.License.Name != "MIT" || doc.Info.Contact == nil || doc.Info.Contact.Name != "Folio" {
		t.Errorf("info = %+v", doc.Info)
	}
	if !strings.HasPrefix(out, "openapi: 3.0.3\ninfo:\n  title: Folio API\n  version: \"1.0\"\n") {
		t.Errorf("unexpected document head:\n%s", out[:min(len(out), 200)])
	}
}

func TestDeterministic(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	first, err := Convert(src, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := Convert(src, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("two conversions of the same input differ")
		}
	}
	golden := filepath.Join("testdata", "openapi.yaml")
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(golden, first, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, want) {
		t.Fatalf("output differs from %s (rerun with UPDATE_GOLDEN=1 if intended)", golden)
	}
}

func TestRunWritesOnlyOnChange(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "swagger.json"), filepath.Join(dir, "openapi.yaml")
	if err := os.WriteFile(in, []byte(swaggerDoc(`{}`, `{}`)), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	for range 2 {
		if err := run([]string{"-in", in, "-out", out}, &stderr); err != nil {
			t.Fatalf("run: %v (%s)", err, stderr.String())
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("directory holds %d entries, want 2 (no temp files left)", len(entries))
	}
	if err := run([]string{"-in", filepath.Join(dir, "nope.json")}, &stderr); err == nil {
		t.Fatal("missing input: expected an error")
	}
	if err := run([]string{"-in", in, "extra"}, &stderr); err == nil {
		t.Fatal("extra argument: expected an error")
	}
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
