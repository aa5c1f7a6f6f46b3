package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

func TestXSSInMarkdownIsSanitized(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ann Author", content.RoleAuthor))
	payloads := []string{
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"[click](javascript:alert(1))",
		"[click](JaVaScRiPt:alert(1))",
		"<a href=\"javascript&colon;alert(1)\">x</a>",
		"<svg onload=alert(1)>",
		"<iframe src=\"https://evil.example\"></iframe>",
		"![x](javascript:alert(1))",
		"<details open ontoggle=alert(1)>",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"<a href=\"  javascript:alert(1)\">x</a>",
		"<scr<script>ipt>alert(1)</scr</script>ipt>",
		"<style>body{display:none}</style>",
		"<form action=javascript:alert(1)><button>x</button></form>",
	}
	for _, payload := range payloads {
		res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok,
			Body: map[string]any{"title": "XSS " + payload, "body_markdown": "# T\n\n" + payload}})
		if res.Status != http.StatusCreated {
			t.Fatalf("create %q: %d %s", payload, res.Status, res.Body)
		}
		var p api.Post
		res.JSON(t, &p)
		html := strings.ToLower(*p.BodyHTML)
		for _, bad := range []string{"<script", "onerror", "onload", "ontoggle", "javascript:", "<iframe", "<style", "<form", "data:text"} {
			if strings.Contains(html, bad) {
				t.Errorf("payload %q left %q in body_html: %s", payload, bad, *p.BodyHTML)
			}
		}
	}
}

func TestHostileInputGets4xxAndStoresNothing(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	huge := `{"title":"` + strings.Repeat("a", 2<<20) + `"}`
	cases := []struct {
		name   string
		req    testutil.Request
		status int
	}{
		{"unknown field", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"x","titel":"typo"}`}, 400},
		{"wrong type", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":42}`}, 400},
		{"malformed json", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":`}, 400},
		{"two values", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"a"}{"title":"b"}`}, 400},
		{"array body", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `[{"title":"a"}]`}, 400},
		{"bad time", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"a","published_at":"yesterday"}`}, 400},
		{"body over 1 MiB", testutil.Request{Method: "POST", Path: "/v1/posts", Body: huge}, 413},
		{"form content type", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `title=x`,
			Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415},
		{"empty title", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"   "}`}, 422},
		{"bad status", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"a","status":"live"}`}, 422},
		{"javascript cover", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"a","cover_image":"javascript:alert(1)"}`}, 422},
		{"sql slug", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"a","slug":"x'; DROP TABLE posts;--"}`}, 422},
		{"too many tags", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"a","tags":[` + strings.Repeat(`"t",`, 40) + `"t"]}`}, 422},
		{"invalid utf8", testutil.Request{Method: "POST", Path: "/v1/posts", Body: "{\"title\":\"\xff\xfe\"}"}, 400},
		{"author id not ulid", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"a","author_id":"1 OR 1=1"}`}, 422},
		{"unknown author", testutil.Request{Method: "POST", Path: "/v1/posts", Body: `{"title":"a","author_id":"` + content.NewID() + `"}`}, 422},
		{"body id override ignored", testutil.Request{Method: "PATCH", Path: "/v1/posts/no-such-post", Body: `{"id":"x"}`}, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.req.Token = tok
			res := s.Do(t, c.req)
			if res.Status != c.status {
				t.Fatalf("status %d, want %d: %.300s", res.Status, c.status, res.Body)
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
				t.Fatalf("content type %q", res.Header.Get("Content-Type"))
			}
			var p api.Problem
			res.JSON(t, &p)
			if p.RequestID == "" || p.RequestID != res.Header.Get("X-Request-ID") {
				t.Fatalf("problem request_id %q vs header %q", p.RequestID, res.Header.Get("X-Request-ID"))
			}
		})
	}
	var list api.PostList
	s.Get(t, "/v1/posts?status=any&include_total=true", tok).JSON(t, &list)
	if *list.Meta.Total != 0 {
		t.Fatalf("hostile requests stored %d posts", *list.Meta.Total)
	}
}

func TestHostileQueryParameters(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	s.MustPost(t, u, testutil.Published("Visible", "go"))
	paths := map[string]int{
		"/v1/posts?limit=0":         400,
		"/v1/posts?limit=101":       400,
		"/v1/posts?limit=abc":       400,
		"/v1/posts?limit=1&limit=2": 400,
		"/v1/posts?sort=" + url.QueryEscape("id; DROP TABLE posts"): 400,
		"/v1/posts?sort=-id":                                         400,
		"/v1/posts?tag=" + url.QueryEscape("' OR '1'='1"):            400,
		"/v1/posts?author=" + url.QueryEscape("x\" OR 1=1"):          400,
		"/v1/posts?cursor=garbage":                                   400,
		"/v1/posts?cursor=" + strings.Repeat("A", 5000):              400,
		"/v1/posts?published_after=yesterday":                        400,
		"/v1/posts?fields=title,password_hash":                       400,
		"/v1/posts?featured=maybe":                                   400,
		"/v1/posts?status=deleted":                                   400,
		"/v1/posts?%zz":                                              400,
		"/v1/posts/" + url.PathEscape("../../etc/passwd"):            400,
		"/v1/posts/" + url.PathEscape("' OR 1=1 --"):                 400,
		"/v1/tags/" + url.PathEscape("Robert'); DROP TABLE tags;--"): 400,
		"/v1/tags?sort=name;DROP":                                    400,
		"/v1/posts/does-not-exist":                                   404,
		"/v1/posts?tag=go&fields=title":                              200,
	}
	for path, want := range paths {
		if res := s.Get(t, path, ""); res.Status != want {
			t.Errorf("GET %s: %d, want %d: %.200s", path, res.Status, want, res.Body)
		}
	}
	var list api.PostList
	s.Get(t, "/v1/posts", "").JSON(t, &list)
	if len(list.Data) != 1 {
		t.Fatal("posts table damaged")
	}
}
