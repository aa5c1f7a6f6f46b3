package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

// cast is the set of callers of the authorization matrix.
type cast struct {
	s                           *testutil.Server
	owner, other, editor, admin content.User
	tokens                      map[string]string
}

func newCast(t *testing.T) *cast {
	s := testutil.NewServer(t)
	c := &cast{s: s, owner: s.MustUser(t, "Owen Owner", content.RoleAuthor), other: s.MustUser(t, "Otto Other", content.RoleAuthor),
		editor: s.MustUser(t, "Ed Editor", content.RoleEditor), admin: s.MustUser(t, "Ada Admin", content.RoleAdmin)}
	c.tokens = map[string]string{"anonymous": "", "owner": s.Token(t, c.owner), "other": s.Token(t, c.other),
		"editor": s.Token(t, c.editor), "admin": s.Token(t, c.admin)}
	return c
}

var callers = []string{"anonymous", "owner", "other", "editor", "admin"}

// TestAuthorizationMatrix sends every write as every kind of caller and
// checks both the status and that a refused write stored nothing.
func TestAuthorizationMatrix(t *testing.T) {
	type write struct {
		name   string
		method string
		path   func(c *cast, post content.Post, tag string, user content.User) string
		body   func(c *cast) string
		want   map[string]int
	}
	postPath := func(c *cast, p content.Post, _ string, _ content.User) string { return "/v1/posts/" + p.ID }
	tagPath := func(c *cast, _ content.Post, tag string, _ content.User) string { return "/v1/tags/" + tag }
	userPath := func(c *cast, _ content.Post, _ string, u content.User) string { return "/v1/users/" + u.ID }
	fixed := func(p string) func(*cast, content.Post, string, content.User) string {
		return func(*cast, content.Post, string, content.User) string { return p }
	}
	body := func(s string) func(*cast) string { return func(*cast) string { return s } }
	writes := []write{
		{"create post", "POST", fixed("/v1/posts"), body(`{"title":"New"}`),
			map[string]int{"anonymous": 401, "owner": 201, "other": 201, "editor": 201, "admin": 201}},
		{"create post for another author", "POST", fixed("/v1/posts"),
			func(c *cast) string { return `{"title":"New","author_id":"` + c.other.ID + `"}` },
			map[string]int{"anonymous": 401, "owner": 403, "other": 201, "editor": 201, "admin": 201}},
		{"patch published post", "PATCH", postPath, body(`{"title":"Changed"}`),
			map[string]int{"anonymous": 401, "owner": 200, "other": 403, "editor": 200, "admin": 200}},
		{"move post to another author", "PATCH", postPath,
			func(c *cast) string { return `{"author_id":"` + c.other.ID + `"}` },
			map[string]int{"anonymous": 401, "owner": 403, "other": 403, "editor": 200, "admin": 200}},
		{"delete published post", "DELETE", postPath, nil,
			map[string]int{"anonymous": 401, "owner": 204, "other": 403, "editor": 204, "admin": 204}},
		{"create tag", "POST", fixed("/v1/tags"), body(`{"name":"Fresh"}`),
			map[string]int{"anonymous": 401, "owner": 403, "other": 403, "editor": 201, "admin": 201}},
		{"patch tag", "PATCH", tagPath, body(`{"description":"d"}`),
			map[string]int{"anonymous": 401, "owner": 403, "other": 403, "editor": 200, "admin": 200}},
		{"delete tag", "DELETE", tagPath, nil,
			map[string]int{"anonymous": 401, "owner": 403, "other": 403, "editor": 204, "admin": 204}},
		{"create user", "POST", fixed("/v1/users"), body(`{"email":"new@example.com","password":"long-enough-pw","name":"New","role":"admin"}`),
			map[string]int{"anonymous": 401, "owner": 403, "other": 403, "editor": 403, "admin": 201}},
		{"raise own role", "PATCH", func(c *cast, _ content.Post, _ string, _ content.User) string { return "/v1/users/" + c.owner.ID },
			body(`{"role":"admin"}`),
			map[string]int{"anonymous": 401, "owner": 403, "other": 403, "editor": 403, "admin": 200}},
		{"delete user", "DELETE", userPath, nil,
			map[string]int{"anonymous": 401, "owner": 403, "other": 403, "editor": 403, "admin": 204}},
		{"list users", "GET", fixed("/v1/users"), nil,
			map[string]int{"anonymous": 401, "owner": 403, "other": 403, "editor": 403, "admin": 200}},
	}
	for _, w := range writes {
		for _, who := range callers {
			t.Run(fmt.Sprintf("%s/%s", w.name, who), func(t *testing.T) {
				c := newCast(t)
				post := c.s.MustPost(t, c.owner, testutil.Published("Owned", "keep"))
				victim := c.s.MustUser(t, "Vic Victim", content.RoleAuthor)
				req := testutil.Request{Method: w.method, Path: w.path(c, post, "keep", victim), Token: c.tokens[who]}
				if w.body != nil {
					req.Body = w.body(c)
				}
				before := snapshot(t, c)
				res := c.s.Do(t, req)
				if res.Status != w.want[who] {
					t.Fatalf("%s as %s: got %d, want %d: %s", w.name, who, res.Status, w.want[who], res.Body)
				}
				if res.Status >= 400 && snapshot(t, c) != before {
					t.Fatalf("refused %s as %s changed state", w.name, who)
				}
			})
		}
	}
}

// snapshot summarizes everything a write could change.
func snapshot(t *testing.T, c *cast) string {
	t.Helper()
	ctx := testutil.System(t.Context())
	posts, err := c.s.Service.ListPosts(ctx, content.PostFilter{Status: content.FilterAny, Limit: 100}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	tags, err := c.s.Service.ListTags(ctx, content.TagSortName, content.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	users, err := c.s.Service.ListUsers(ctx, content.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	out := ""
	for _, p := range posts.Posts {
		out += fmt.Sprintf("p:%s:%d:%s;", p.ID, p.Version, p.Author.ID)
	}
	for _, tg := range tags.Tags {
		out += fmt.Sprintf("t:%s:%d;", tg.ID, tg.Version)
	}
	for _, u := range users.Users {
		out += fmt.Sprintf("u:%s:%s;", u.ID, u.Role)
	}
	return out
}

func TestDraftsVisibleOnlyToEditors(t *testing.T) {
	c := newCast(t)
	draft := c.s.MustPost(t, c.owner, testutil.Draft("Secret plans"))
	want := map[string]int{"anonymous": 404, "owner": 200, "other": 404, "editor": 200, "admin": 200}
	for _, who := range callers {
		if res := c.s.Get(t, "/v1/posts/"+draft.ID, c.tokens[who]); res.Status != want[who] {
			t.Errorf("GET draft as %s: %d, want %d", who, res.Status, want[who])
		}
		res := c.s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/posts/" + draft.ID, Token: c.tokens[who], Body: `{"title":"x"}`})
		if who == "other" && res.Status != http.StatusNotFound {
			t.Errorf("PATCH another's draft: %d, want 404 (no existence leak)", res.Status)
		}
	}
	// The status filter: anonymous 401; an author sees only their own drafts.
	if res := c.s.Get(t, "/v1/posts?status=draft", ""); res.Status != http.StatusUnauthorized {
		t.Fatalf("anonymous status filter: %d", res.Status)
	}
	for who, n := range map[string]int{"owner": 1, "other": 0, "editor": 1} {
		var list api.PostList
		c.s.Get(t, "/v1/posts?status=draft", c.tokens[who]).JSON(t, &list)
		if len(list.Data) != n {
			t.Errorf("status=draft as %s: %d posts, want %d", who, len(list.Data), n)
		}
	}
}
