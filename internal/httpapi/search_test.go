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

func publishedWith(title, body string) content.PostInput {
	in := testutil.Published(title)
	in.BodyMarkdown = &body
	return in
}

func TestSearchRanksAndMarks(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	s.MustPost(t, u, publishedWith("Gardening notes", "Tomatoes need sun. Kubernetes is mentioned once, in passing."))
	s.MustPost(t, u, publishedWith("Kubernetes in production", "Running kubernetes clusters: kubernetes upgrades, kubernetes networking."))
	s.MustPost(t, u, publishedWith("Cooking", "Nothing about clusters <script>alert(1)</script> here."))
	draft := testutil.Draft("Kubernetes secrets draft")
	s.MustPost(t, u, draft)

	var list api.PostList
	res := s.Get(t, "/v1/posts?q=kubernetes&include_total=true", "")
	res.JSON(t, &list)
	if res.Status != 200 || len(list.Data) != 2 || *list.Meta.Total != 2 {
		t.Fatalf("search: %d %s", res.Status, res.Body)
	}
	if list.Data[0].Title != "Kubernetes in production" {
		t.Fatalf("title match did not rank first: %s, %s", list.Data[0].Title, list.Data[1].Title)
	}
	for _, p := range list.Data {
		if p.Snippet == nil || !strings.Contains(strings.ToLower(*p.Snippet), "<mark>kubernetes</mark>") {
			t.Fatalf("snippet without a marked match: %v", p.Snippet)
		}
	}
	// Prefix matching of the last word, and the escaped snippet.
	s.Get(t, "/v1/posts?q=cluster", "").JSON(t, &list)
	if len(list.Data) != 2 {
		t.Fatalf("prefix search found %d", len(list.Data))
	}
	for _, p := range list.Data {
		if strings.Contains(*p.Snippet, "<script") {
			t.Fatalf("snippet carries raw HTML: %s", *p.Snippet)
		}
	}
	// Paging a search by relevance walks every match once.
	seen := map[string]bool{}
	path := "/v1/posts?q=kubernetes&limit=1"
	for path != "" {
		var page api.PostList
		s.Get(t, path, "").JSON(t, &page)
		for _, p := range page.Data {
			if seen[p.ID] {
				t.Fatal("search page repeated a post")
			}
			seen[p.ID] = true
		}
		path = ""
		if page.Meta.NextCursor != nil {
			path = "/v1/posts?q=kubernetes&limit=1&cursor=" + url.QueryEscape(*page.Meta.NextCursor)
		}
	}
	if len(seen) != 2 {
		t.Fatalf("relevance walk saw %d posts", len(seen))
	}
	if res := s.Get(t, "/v1/posts?sort=relevance", ""); res.Status != http.StatusBadRequest {
		t.Fatalf("relevance without q: %d", res.Status)
	}
}

func TestSearchIsSafeForAnyString(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	s.MustPost(t, u, publishedWith("Café culture", "Un café crème, s'il vous plaît. Ünïcödé and 日本語のテキスト."))
	queries := []string{`"`, `""`, `"unterminated`, `a AND`, `OR`, `NOT x`, `x NEAR y`, `*`, `^start`, `title:x`,
		`-minus`, `(`, `)`, `{col}`, `' OR 1=1 --`, `'; DROP TABLE posts; --`, `%`, `_`, `\`, `café`, `日本語`,
		`a & b | !c`, `x:*`, `<script>`, strings.Repeat("word ", 100), "\x00", "emoji 🎉", `NEAR(a b, 2)`}
	for _, q := range queries {
		res := s.Get(t, "/v1/posts?q="+url.QueryEscape(q), "")
		if res.Status != http.StatusOK && res.Status != http.StatusBadRequest {
			t.Errorf("q=%q: %d %s", q, res.Status, res.Body)
		}
	}
	var list api.PostList
	s.Get(t, "/v1/posts?q=caf%C3%A9", "").JSON(t, &list)
	if len(list.Data) != 1 {
		t.Fatalf("unicode search found %d", len(list.Data))
	}
	if res := s.Get(t, "/v1/posts?q="+strings.Repeat("a", 501), ""); res.Status != http.StatusBadRequest {
		t.Fatalf("overlong q: %d", res.Status)
	}
}
