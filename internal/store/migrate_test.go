package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

// TestRebuildKeepsData migrates a SQLite database holding posts, tags and
// old slugs from step 6 to the rebuild of posts in step 7, and checks that
// nothing was lost: rows, tag links (a rebuild with foreign keys on would
// cascade them away), the search index, and the foreign keys themselves;
// and that step 10 gives the tag link its post's publish time.
func TestRebuildKeepsData(t *testing.T) {
	ctx := context.Background()
	s, err := openSQLite(ctx, Options{URL: filepath.Join(t.TempDir(), "m.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.provider()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 6); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	u := content.User{ID: content.NewID(), Email: "a@example.com", Slug: "a", Name: "A", Role: content.RoleAuthor,
		PasswordHash: "-", TokenVersion: 1, CreatedAt: now, UpdatedAt: now}
	tag := content.Tag{ID: content.NewID(), Slug: "go", Name: "Go", Version: 1, CreatedAt: now, UpdatedAt: now}
	post := content.Post{ID: content.NewID(), Slug: "hello", Title: "Hello gophers", Status: content.StatusPublished,
		PublishedAt: &now, BodyMarkdown: "about concurrency", Author: content.AuthorRef{ID: u.ID}, Version: 1,
		CreatedAt: now, UpdatedAt: now}
	for _, err := range []error{s.CreateUser(ctx, u), s.CreateTag(ctx, tag),
		func() error { _, err := s.CreatePost(ctx, post); return err }(),
		s.RememberSlug(ctx, "old-hello", post.ID, now),
		// The link as step 6 holds it: the store's own writes are of the head.
		s.w.Exec("INSERT INTO post_tags (post_id, tag_id, position) VALUES (?, ?, 0)", post.ID, tag.ID).Error} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("migrate to the head: %v", err)
	}
	got, err := s.GetPostBySlug(ctx, "hello")
	if err != nil || got.BodyMarkdown != "about concurrency" || len(got.Tags) != 1 || got.Author.Slug != "a" {
		t.Fatalf("post after the rebuild: %+v %v", got, err)
	}
	if got, err := s.GetTagBySlug(ctx, "go", now); err != nil || got.PostCount != 1 {
		t.Fatalf("the tag after step 10 counts %d published posts (%v), want 1", got.PostCount, err)
	}
	if id, err := s.PostIDForOldSlug(ctx, "old-hello"); err != nil || id != post.ID {
		t.Fatalf("old slug after the rebuild: %q %v", id, err)
	}
	found, err := s.ListPosts(ctx, content.PostFilter{Now: now, Limit: 5, Query: "concurrency", Sort: content.SortRelevance})
	if err != nil || len(found) != 1 {
		t.Fatalf("search after the rebuild: %d %v", len(found), err)
	}
	var fk int
	if err := s.w.Raw("PRAGMA foreign_keys").Scan(&fk).Error; err != nil || fk != 1 {
		t.Fatalf("foreign keys after the rebuild: %d %v", fk, err)
	}
	var broken []map[string]any
	if err := s.w.Raw("PRAGMA foreign_key_check").Scan(&broken).Error; err != nil || len(broken) > 0 {
		t.Fatalf("foreign key check: %v %v", broken, err)
	}
	if err := s.DeleteUser(ctx, u.ID); err == nil {
		t.Fatal("a user with posts was deleted: the foreign key is gone")
	}
}
