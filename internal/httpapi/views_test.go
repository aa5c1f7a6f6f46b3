package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/service"
	"github.com/folio-cms/folio/internal/testutil"
)

// readModelPair is two APIs over one database, both with the read cache
// off: one answers public post reads from the read model, the other from
// the tables only.
type readModelPair struct {
	views, tables       *echo.Echo
	viewsSvc, tablesSvc *service.Service
	spec                *testutil.SpecValidator
}

func newReadModelPair(t *testing.T, s *testutil.Server) *readModelPair {
	t.Helper()
	p := &readModelPair{spec: testutil.OpenAPI(t)}
	opts := service.Options{Store: s.Store, Now: s.Clock.Now, CursorKey: []byte("test-cursor-key")}
	p.tablesSvc = service.New(opts)
	opts.Views = httpapi.RenderPostView
	p.viewsSvc = service.New(opts)
	for _, x := range []struct {
		e   **echo.Echo
		svc *service.Service
	}{{&p.views, p.viewsSvc}, {&p.tables, p.tablesSvc}} {
		e, err := httpapi.New(httpapi.Deps{Service: x.svc})
		if err != nil {
			t.Fatal(err)
		}
		*x.e = e
	}
	return p
}

func (p *readModelPair) get(t *testing.T, e http.Handler, uri string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, uri, nil)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	p.spec.ValidateResponse(t, req, rec.Code, rec.Header(), rec.Body.Bytes())
	return rec
}

// compare asks both APIs for each URI and fails on any difference in
// status, body or the headers a client or a CDN acts on.
func (p *readModelPair) compare(t *testing.T, stage string, uris []string) {
	t.Helper()
	for _, uri := range uris {
		v, tb := p.get(t, p.views, uri), p.get(t, p.tables, uri)
		if v.Code != tb.Code || requestIDs.ReplaceAllString(v.Body.String(), "") != requestIDs.ReplaceAllString(tb.Body.String(), "") {
			t.Errorf("%s: GET %s\nread model: %d %s\ntables:     %d %s", stage, uri, v.Code, v.Body, tb.Code, tb.Body)
			continue
		}
		for _, h := range []string{"ETag", "Surrogate-Key", "Link", "Location", "Content-Type", "Content-Length", "Cache-Control"} {
			if v.Header().Get(h) != tb.Header().Get(h) {
				t.Errorf("%s: GET %s %s: read model %q, tables %q", stage, uri, h, v.Header().Get(h), tb.Header().Get(h))
			}
		}
	}
}

// requestIDs differ between any two problem documents.
var requestIDs = regexp.MustCompile(`"request_id":"[^"]*"`)

// uris are the reads to compare: lists with each filter and order, a
// second page through a cursor, every post by slug and by id.
func (p *readModelPair) uris(t *testing.T, posts []content.Post) []string {
	t.Helper()
	out := []string{"/v1/posts", "/v1/posts?limit=2", "/v1/posts?tag=go", "/v1/posts?tag=go,rust", "/v1/posts?all_tags=go,rust",
		"/v1/posts?author=ann-author", "/v1/posts?featured=true", "/v1/posts?sort=title", "/v1/posts?sort=published_at",
		"/v1/posts?sort=-updated_at", "/v1/posts?include_total=true&limit=1", "/v1/posts?status=published",
		"/v1/posts?published_after=2000-01-01T00:00:00Z"}
	first := p.get(t, p.tables, "/v1/posts?limit=2")
	var page struct {
		Meta struct {
			NextCursor *string `json:"next_cursor"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(first.Body.Bytes(), &page); err == nil && page.Meta.NextCursor != nil {
		out = append(out, "/v1/posts?limit=2&cursor="+*page.Meta.NextCursor)
	}
	for _, post := range posts {
		out = append(out, "/v1/posts/"+post.Slug, "/v1/posts/"+post.ID, "/v1/posts/"+strings.ToUpper(post.Slug))
	}
	return out
}

// TestReadModelServesWhatTheTablesServe makes every kind of change the
// read model depends on and, after each, compares the read model's answers
// with the tables' byte for byte: first with the views stale (the reads
// fall back), then once the projector has rendered them (the reads come
// from the views, which the test checks).
func TestReadModelServesWhatTheTablesServe(t *testing.T) {
	s := testutil.NewServer(t)
	ctx := context.Background()
	ann := s.MustUser(t, "Ann Author", content.RoleAuthor)
	admin := testutil.System(ctx)
	p := newReadModelPair(t, s)
	var posts []content.Post
	add := func(in content.PostInput) content.Post {
		post := s.MustPost(t, ann, in)
		posts = append(posts, post)
		return post
	}
	a := add(testutil.Published("Alpha <&> \u2028", "go", "rust"))
	b := add(testutil.Published("Beta", "go"))
	add(testutil.Published("Gamma"))
	add(testutil.Draft("Delta draft"))
	when := s.Clock.Now().Add(time.Hour)
	sched := testutil.Published("Epsilon scheduled", "go")
	sched.PublishedAt = func() **time.Time { w := &when; return &w }()
	add(sched)
	featured := true
	str := func(v string) *string { return &v }

	steps := []struct {
		name   string
		change func() error
	}{
		{"created", func() error { return nil }},
		{"post edited", func() error {
			_, err := s.Service.UpdatePost(admin, a.ID, content.PostInput{Title: str("Alpha 2"), Featured: &featured}, 0)
			return err
		}},
		{"post retagged", func() error {
			_, err := s.Service.UpdatePost(admin, b.ID, content.PostInput{Tags: &[]string{"rust", "go"}}, 0)
			return err
		}},
		{"tag renamed", func() error {
			_, err := s.Service.UpdateTag(admin, "go", content.TagInput{Name: str("Golang"), Slug: str("golang")}, 0)
			return err
		}},
		{"author renamed", func() error {
			_, err := s.Service.UpdateUser(admin, ann.ID, content.UserInput{Name: str("Ann Other"), Slug: str("ann-other")})
			return err
		}},
		{"tag deleted", func() error { return s.Service.DeleteTag(admin, "rust", 0) }},
		{"post unpublished", func() error {
			st := content.StatusDraft
			_, err := s.Service.UpdatePost(admin, b.ID, content.PostInput{Status: &st}, 0)
			return err
		}},
		{"slug changed", func() error {
			_, err := s.Service.UpdatePost(admin, posts[2].ID, content.PostInput{Slug: str("gamma-2")}, 0)
			return err
		}},
		{"post deleted", func() error { return s.Service.DeletePost(admin, a.ID, 0) }},
		{"scheduled time came", func() error { s.Clock.Advance(2 * time.Hour); return nil }},
	}
	for _, step := range steps {
		if err := step.change(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		for i := range posts { // slugs may have changed
			if cur, err := p.tablesSvc.GetPost(admin, posts[i].ID); err == nil {
				posts[i] = cur
			}
		}
		uris := p.uris(t, posts)
		p.compare(t, step.name+", views stale", uris)
		if _, err := p.viewsSvc.ProjectViews(ctx); err != nil {
			t.Fatalf("%s: project: %v", step.name, err)
		}
		p.compare(t, step.name+", views rendered", uris)
		if _, ok, err := p.viewsSvc.ListPostCards(ctx, content.PostFilter{}, "", false); err != nil || !ok {
			t.Fatalf("%s: the front page did not come from the read model (ok %v, err %v)", step.name, ok, err)
		}
		for _, post := range posts {
			cur, err := p.tablesSvc.GetPost(ctx, post.ID)
			if err != nil {
				continue // not public now
			}
			if _, ok, err := p.viewsSvc.GetPostPage(ctx, cur.Slug); err != nil || !ok {
				t.Fatalf("%s: post %s did not come from the read model (ok %v, err %v)", step.name, cur.Slug, ok, err)
			}
		}
	}
}

// TestPostViewIsStoredOnlyAtItsGeneration renders a view, changes the post
// before the view is stored, and checks the view is refused, then stored
// by the next round.
func TestPostViewIsStoredOnlyAtItsGeneration(t *testing.T) {
	s := testutil.NewServer(t)
	ann := s.MustUser(t, "Ann Author", content.RoleAuthor)
	post := s.MustPost(t, ann, testutil.Published("Racing"))
	ctx := context.Background()
	var once sync.Once
	title := "Changed while rendering"
	render := func(p content.Post) (service.PostView, error) {
		if p.ID != post.ID {
			return httpapi.RenderPostView(p) // the format's sample
		}
		once.Do(func() {
			if _, err := s.Service.UpdatePost(testutil.System(ctx), post.ID, content.PostInput{Title: &title}, 0); err != nil {
				t.Error(err)
			}
		})
		return httpapi.RenderPostView(p)
	}
	svc := service.New(service.Options{Store: s.Store, Now: s.Clock.Now, CursorKey: []byte("test-cursor-key"), Views: render})
	n, err := svc.ProjectViews(ctx)
	if err != nil || n != 0 {
		t.Fatalf("first round stored %d views (err %v); the post changed while it rendered, so none may be stored", n, err)
	}
	if _, ok, _ := svc.GetPostPage(ctx, post.ID); ok {
		t.Fatal("a view rendered from the old post is served")
	}
	if n, err := svc.ProjectViews(ctx); err != nil || n != 1 {
		t.Fatalf("second round stored %d views (err %v), want 1", n, err)
	}
	v, ok, err := svc.GetPostPage(ctx, post.ID)
	if err != nil || !ok || !strings.Contains(string(v.Page), title) {
		t.Fatalf("after the second round: ok %v, err %v, page %s", ok, err, v.Page)
	}
}

// TestReadModelStaysTrueUnderConcurrentWrites runs the projector while
// authors edit posts and an editor renames tags and authors, then checks
// the read model against the tables.
func TestReadModelStaysTrueUnderConcurrentWrites(t *testing.T) {
	s := testutil.NewServer(t)
	ctx := context.Background()
	admin := testutil.System(ctx)
	authors := []content.User{s.MustUser(t, "Ann Author", content.RoleAuthor), s.MustUser(t, "Bob Author", content.RoleAuthor)}
	var posts []content.Post
	for i := range 12 {
		posts = append(posts, s.MustPost(t, authors[i%2], testutil.Published(fmt.Sprintf("Post %d", i), "go", fmt.Sprintf("t%d", i%3))))
	}
	p := newReadModelPair(t, s)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	wg.Add(1)
	go func() { // the projector
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := p.viewsSvc.ProjectViews(ctx); err != nil {
				errs <- fmt.Errorf("project: %w", err)
				return
			}
		}
	}()
	var writers sync.WaitGroup
	for w := range 3 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for i := range 15 {
				var err error
				name := fmt.Sprintf("n%d-%d", w, i)
				switch w {
				case 0:
					_, err = s.Service.UpdatePost(admin, posts[i%len(posts)].ID, content.PostInput{Title: &name}, 0)
				case 1:
					_, err = s.Service.UpdateTag(admin, fmt.Sprintf("t%d", i%3), content.TagInput{Name: &name}, 0)
				case 2:
					_, err = s.Service.UpdateUser(admin, authors[i%2].ID, content.UserInput{Name: &name})
				}
				if err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		}()
	}
	writers.Wait()
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if _, err := p.viewsSvc.ProjectViews(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range posts {
		if cur, err := p.tablesSvc.GetPost(admin, posts[i].ID); err == nil {
			posts[i] = cur
		}
	}
	p.compare(t, "after concurrent writes", p.uris(t, posts))
}
