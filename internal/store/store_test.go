package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)

func mustUser(t *testing.T, st *store.Store, slug string) content.User {
	t.Helper()
	u := content.User{ID: content.NewID(), Email: slug + "@example.com", Slug: slug, Name: slug, Role: content.RoleAuthor,
		PasswordHash: "x", TokenVersion: 1, CreatedAt: t0, UpdatedAt: t0}
	if err := st.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func newPost(u content.User, slug string, at time.Time) content.Post {
	return content.Post{ID: content.NewID(), Slug: slug, Title: slug, Status: content.StatusPublished, PublishedAt: &at,
		Author: content.AuthorRef{ID: u.ID}, Version: 1, CreatedAt: at, UpdatedAt: at}
}

// TestWritesReturnThePostAsStored checks that CreatePost and UpdatePost
// return what GetPost then reads (they do not read the post back), for a
// bare draft, a post with every optional field, and updates of both.
func TestWritesReturnThePostAsStored(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	ann, bob := mustUser(t, st, "ann"), mustUser(t, st, "bob")
	var refs []content.TagRef
	for _, slug := range []string{"go", "sql", "web"} {
		tag := content.Tag{ID: content.NewID(), Slug: slug, Name: "Tag " + slug, Version: 1, CreatedAt: t0, UpdatedAt: t0}
		if err := st.CreateTag(ctx, tag); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, content.TagRef{ID: tag.ID, Slug: tag.Slug, Name: tag.Name})
	}
	bare := content.Post{ID: content.NewID(), Slug: "bare", Title: "Bare", Status: content.StatusDraft,
		Author: content.AuthorRef{ID: ann.ID}, Version: 1, CreatedAt: t0, UpdatedAt: t0}
	later := t0.Add(48 * time.Hour)
	full := newPost(bob, "full", t0)
	full.PublishedAt, full.Featured, full.CustomExcerpt = &later, true, true // scheduled
	full.Excerpt, full.BodyMarkdown, full.BodyHTML = "Hand-written", "## A\n\nwords", `<h2 id="a">A</h2><p>words</p>`
	full.TOC = []content.Heading{{Level: 2, Text: "A", Anchor: "a"}}
	full.CoverImage, full.MetaTitle, full.MetaDescription, full.CanonicalURL = "https://example.com/c.png", "M", "D", "https://example.com/full"
	full.ReadingTimeMinutes, full.WordCount = 1, 2
	full.Tags = []content.TagRef{refs[2], refs[0]}

	check := func(what string, got content.Post, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		read, err := st.GetPost(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, read) {
			t.Fatalf("%s returned\n%+v\nGetPost reads\n%+v", what, got, read)
		}
	}
	for _, p := range []content.Post{bare, full} {
		got, err := st.CreatePost(ctx, p)
		check("create "+p.Slug, got, err)
		got.Title, got.Version, got.UpdatedAt = got.Title+" again", got.Version+1, t0.Add(time.Minute)
		got.Tags, got.TOC = append([]content.TagRef{refs[1]}, got.Tags...), nil
		got, err = st.UpdatePost(ctx, got)
		check("update "+p.Slug, got, err)
	}
}

func TestPostRoundTripAndConflicts(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	u := mustUser(t, st, "ann")
	p := newPost(u, "first", t0)
	p.TOC = []content.Heading{{Level: 2, Text: "A", Anchor: "a"}}
	p.BodyMarkdown, p.BodyHTML = "## A", `<h2 id="a">A</h2>`
	if err := st.CreateTag(ctx, content.Tag{ID: content.NewID(), Slug: "go", Name: "Go", Version: 1, CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	tags, _ := st.FindTags(ctx, []string{"go"})
	p.Tags = []content.TagRef{{ID: tags[0].ID, Slug: "go", Name: "Go"}}
	if _, err := st.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := st.GetPostBySlug(ctx, "first")
	if err != nil {
		t.Fatal(err)
	}
	if !got.PublishedAt.Equal(t0) || got.Author.Slug != "ann" || len(got.Tags) != 1 || len(got.TOC) != 1 || got.BodyHTML != p.BodyHTML {
		t.Fatalf("round trip: %+v", got)
	}
	dup := newPost(u, "first", t0)
	if _, err := st.CreatePost(ctx, dup); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("duplicate slug: %v", err)
	}
	got.Title, got.Version = "changed", 2
	if _, err := st.UpdatePost(ctx, got); err != nil {
		t.Fatal(err)
	}
	got.Title = "lost update" // still version 2: the stored row is at 2 now
	if _, err := st.UpdatePost(ctx, got); !errors.Is(err, content.ErrPreconditionFailed) {
		t.Fatalf("stale update: %v", err)
	}
	if err := st.DeleteUser(ctx, u.ID); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("delete user with posts: %v", err)
	}
	if err := st.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetPost(ctx, p.ID); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("deleted post: %v", err)
	}
}

func TestKeysetWalkSeesEveryPostOnce(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	u := mustUser(t, st, "ann")
	for i := range 50 {
		at := t0.Add(time.Duration(i/3) * time.Hour) // ties on published_at, broken by id
		if _, err := st.CreatePost(ctx, newPost(u, fmt.Sprintf("p-%02d", i), at)); err != nil {
			t.Fatal(err)
		}
	}
	for _, sort := range []content.PostSort{content.SortPublishedDesc, content.SortPublishedAsc, content.SortUpdatedDesc, content.SortTitle} {
		t.Run(string(sort), func(t *testing.T) {
			f := content.PostFilter{Now: t0.Add(100 * time.Hour), Sort: sort, Limit: 7}
			seen := map[string]bool{}
			var prev *content.Post
			for page := 0; page < 20; page++ {
				posts, err := st.ListPosts(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for i := range posts {
					if seen[posts[i].ID] {
						t.Fatalf("post %s seen twice", posts[i].Slug)
					}
					seen[posts[i].ID] = true
					if prev != nil && sort == content.SortTitle && prev.Title > posts[i].Title {
						t.Fatalf("title order broken: %s before %s", prev.Title, posts[i].Title)
					}
					prev = &posts[i]
				}
				if len(posts) < f.Limit {
					break
				}
				k := store.KeysetOf(posts[len(posts)-1], sort)
				f.After = &k
			}
			if len(seen) != 50 {
				t.Fatalf("walk saw %d posts, want 50", len(seen))
			}
		})
	}
}

func TestVisibilityByTime(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	u := mustUser(t, st, "ann")
	if _, err := st.CreatePost(ctx, newPost(u, "now", t0)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreatePost(ctx, newPost(u, "later", t0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		now  time.Time
		want int
	}{{t0.Add(-time.Second), 0}, {t0, 1}, {t0.Add(time.Hour), 2}} {
		n, err := st.CountPosts(ctx, content.PostFilter{Now: c.now})
		if err != nil || n != c.want {
			t.Fatalf("at %s: %d posts (%v), want %d", c.now, n, err, c.want)
		}
	}
}

func TestSQLiteConnectionsKeepTheirPragmas(t *testing.T) {
	if testutil.Dialect() != store.DialectSQLite {
		t.Skip("sqlite only")
	}
	st := testutil.NewDB(t)
	for name, db := range st.Pools() {
		var fk, timeout int
		if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("PRAGMA busy_timeout").Scan(&timeout); err != nil {
			t.Fatal(err)
		}
		if fk != 1 || timeout < 5000 {
			t.Fatalf("%s pool: foreign_keys=%d busy_timeout=%d", name, fk, timeout)
		}
	}
	if _, err := st.Pools()["readers"].Exec("DELETE FROM posts"); err == nil {
		t.Fatal("reader pool accepted a write")
	}
}

// TestReplicaPool opens a store whose replica URL names the same database
// (no replication runs here): public lists go through the replica pool,
// which the store reports for metrics.
func TestReplicaPool(t *testing.T) {
	if testutil.Dialect() != store.DialectPostgres {
		t.Skip("replicas are a PostgreSQL set-up")
	}
	url := testutil.DatabaseURL(t)
	st, err := store.Open(context.Background(), store.Options{URL: url, ReplicaURL: url, Readers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u := mustUser(t, st, "ann")
	if _, err := st.CreatePost(context.Background(), newPost(u, "via-primary", t0)); err != nil {
		t.Fatal(err)
	}
	posts, err := st.ListPosts(context.Background(), content.PostFilter{Now: t0.Add(time.Hour), Limit: 10})
	if err != nil || len(posts) != 1 {
		t.Fatalf("list through the replica: %v %d", err, len(posts))
	}
	pools := st.Pools()
	if pools["primary"] == nil || pools["replica"] == nil || pools["primary"] == pools["replica"] {
		t.Fatalf("pools: %v", pools)
	}
	if pools["replica"].Stats().OpenConnections == 0 {
		t.Fatal("the list did not use the replica pool")
	}
}

// TestUserAuthSeesCommitsWithoutWaitingForTheWriter: a token's check sees a
// committed change of the user's token version at once, and on SQLite it
// is answered while a write transaction holds the one writer connection.
func TestUserAuthSeesCommitsWithoutWaitingForTheWriter(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	u := mustUser(t, st, "ann")
	u.TokenVersion, u.Role = 2, content.RoleEditor
	if err := st.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	role, version, err := st.UserAuth(ctx, u.ID)
	if err != nil || role != content.RoleEditor || version != 2 {
		t.Fatalf("UserAuth: %s %d %v, want editor 2", role, version, err)
	}
	if _, _, err := st.UserAuth(ctx, "nobody"); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("UserAuth of no user: %v", err)
	}
	if testutil.Dialect() != store.DialectSQLite {
		return
	}
	holding, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- st.InTx(ctx, func(tx *store.Store) error {
			if err := tx.CreateTag(ctx, content.Tag{ID: content.NewID(), Slug: "held", Name: "Held", Version: 1,
				CreatedAt: t0, UpdatedAt: t0}); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	quick, cancel := context.WithTimeout(ctx, 2*time.Second)
	_, version, err = st.UserAuth(quick, u.ID)
	cancel()
	close(release)
	if err != nil || version != 2 {
		t.Fatalf("UserAuth while the writer is held: %d %v", version, err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
