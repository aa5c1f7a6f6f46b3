package service_test

import (
	"context"
	"errors"
	"testing"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

func eventTypes(t *testing.T, env *testutil.Env) []string {
	t.Helper()
	events, err := env.Store.ListEvents(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Type
	}
	return out
}

func TestEveryChangeAppendsItsEvent(t *testing.T) {
	env := testutil.NewEnv(t)
	ed := env.MustUser(t, "Ed Editor", content.RoleEditor)
	ctx := testutil.As(context.Background(), ed)
	p := env.MustPost(t, ed, testutil.Draft("Draft"))
	title := "Renamed"
	pub := content.StatusPublished
	if _, err := env.Service.UpdatePost(ctx, p.ID, content.PostInput{Title: &title, Status: &pub, Tags: &[]string{"new-tag"}}, 0); err != nil {
		t.Fatal(err)
	}
	draft := content.StatusDraft
	if _, err := env.Service.UpdatePost(ctx, p.ID, content.PostInput{Status: &draft}, 0); err != nil {
		t.Fatal(err)
	}
	if err := env.Service.DeletePost(ctx, p.ID, 0); err != nil {
		t.Fatal(err)
	}
	name := "Extra"
	if _, err := env.Service.CreateTag(ctx, content.TagInput{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if err := env.Service.DeleteTag(ctx, "extra", 0); err != nil {
		t.Fatal(err)
	}
	want := []string{"user.created", "post.created", "tag.created", "post.updated", "post.published",
		"post.updated", "post.unpublished", "post.deleted", "tag.created", "tag.deleted"}
	got := eventTypes(t, env)
	if len(got) != len(want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("events %v, want %v", got, want)
		}
	}
}

func TestFailedWriteLeavesNoEventAndNoChange(t *testing.T) {
	env := testutil.NewEnv(t)
	ed := env.MustUser(t, "Ed Editor", content.RoleEditor)
	ctx := testutil.As(context.Background(), ed)
	env.MustPost(t, ed, testutil.Published("Taken"))
	before := eventTypes(t, env)
	// The new tag is created inside the transaction before the slug conflict
	// is found; the rollback must take the tag and its event with it.
	slug := "taken"
	title := "Another"
	_, err := env.Service.CreatePost(ctx, content.PostInput{Title: &title, Slug: &slug, Tags: &[]string{"brand-new"}})
	if !errors.Is(err, content.ErrConflict) {
		t.Fatalf("create with taken slug: %v", err)
	}
	if after := eventTypes(t, env); len(after) != len(before) {
		t.Fatalf("failed write appended events: %v", after[len(before):])
	}
	if _, err := env.Service.GetTag(ctx, "brand-new"); !errors.Is(err, content.ErrNotFound) {
		t.Fatalf("rolled-back tag exists: %v", err)
	}
}

func TestLastAdminStays(t *testing.T) {
	env := testutil.NewEnv(t)
	admin := env.MustUser(t, "Ada Admin", content.RoleAdmin)
	ctx := testutil.As(context.Background(), admin)
	role := content.RoleEditor
	if _, err := env.Service.UpdateUser(ctx, admin.ID, content.UserInput{Role: &role}); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("demote last admin: %v", err)
	}
	if err := env.Service.DeleteUser(ctx, admin.ID); !errors.Is(err, content.ErrConflict) {
		t.Fatalf("delete last admin: %v", err)
	}
}
