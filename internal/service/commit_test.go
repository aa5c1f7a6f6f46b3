package service_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

func appendTestEvent(ctx context.Context, tx *store.Store, name string) error {
	_, err := tx.AppendEvent(ctx, content.Event{Type: "test." + name, Entity: "test", EntityID: name,
		OccurredAt: time.Now(), Data: []byte("{}")})
	return err
}

// TestGroupCommit holds the group's leader in its transaction while three
// more writers queue, then checks that they ran as one group in which one
// writer's error and another's panic undid only their own work.
func TestGroupCommit(t *testing.T) {
	env := testutil.NewEnv(t)
	if env.Service.Queued() < 0 {
		t.Skip("transactions are grouped on SQLite only")
	}
	ctx := context.Background()
	started, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, 4)
	wg.Go(func() {
		errs[0] = env.Service.InTx(ctx, func(tx *store.Store) error {
			close(started)
			<-release
			return appendTestEvent(ctx, tx, "leader")
		})
	})
	<-started // the leader is in its transaction, its batch taken
	fails := errors.New("b fails")
	fns := []func(tx *store.Store) error{
		func(tx *store.Store) error {
			if err := appendTestEvent(ctx, tx, "b"); err != nil {
				return err
			}
			return fails
		},
		func(tx *store.Store) error { return appendTestEvent(ctx, tx, "c") },
		func(tx *store.Store) error {
			if err := appendTestEvent(ctx, tx, "d"); err != nil {
				return err
			}
			panic("d panics")
		},
	}
	for i, fn := range fns {
		wg.Go(func() { errs[i+1] = env.Service.InTx(ctx, fn) })
		for env.Service.Queued() != i+1 {
			time.Sleep(time.Millisecond)
		}
	}
	close(release)
	wg.Wait()

	if errs[0] != nil || !errors.Is(errs[1], fails) || errs[2] != nil || errs[3] == nil {
		t.Fatalf("results: %v", errs)
	}
	events, err := env.Store.ListEvents(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Type)
	}
	if want := []string{"test.leader", "test.c"}; !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
}

// TestGroupCommitGathersRunnableWriters starts eight writers at once on
// one core: the first to arrive leads, and lets the others queue before it
// cuts its batch, so all eight commit in one transaction. Cutting at once
// committed the leader alone, then the other seven.
func TestGroupCommitGathersRunnableWriters(t *testing.T) {
	env := testutil.NewEnv(t)
	if env.Service.Queued() < 0 {
		t.Skip("transactions are grouped on SQLite only")
	}
	ctx := context.Background()
	// A first write warms what a first write does once.
	if err := env.Service.InTx(ctx, func(tx *store.Store) error { return appendTestEvent(ctx, tx, "warm") }); err != nil {
		t.Fatal(err)
	}
	var commits atomic.Int32
	env.Service.OnCommit(func() { commits.Add(1) })
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const writers = 8
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			errs[i] = env.Service.InTx(ctx, func(tx *store.Store) error { return appendTestEvent(ctx, tx, fmt.Sprint(i)) })
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if n := commits.Load(); n != 1 {
		t.Fatalf("%d writers committed in %d transactions, want 1", writers, n)
	}
}

// TestConcurrentCreatesGrouped creates posts from many writers at once,
// some with a slug already taken: every other create lands with its event,
// and each taken slug fails alone.
func TestConcurrentCreatesGrouped(t *testing.T) {
	env := testutil.NewEnv(t)
	u := env.MustUser(t, "Ann Author", content.RoleAuthor)
	ctx := testutil.As(context.Background(), u)
	taken := "taken"
	first := testutil.Published("First")
	first.Slug = &taken
	env.MustPost(t, u, first)

	const writers = 24
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			in := testutil.Published(fmt.Sprintf("Post %d", i))
			if i%4 == 0 {
				in.Slug = &taken
			}
			_, errs[i] = env.Service.CreatePost(ctx, in)
		})
	}
	wg.Wait()
	created := 1
	for i, err := range errs {
		switch {
		case i%4 == 0 && !errors.Is(err, content.ErrConflict):
			t.Errorf("writer %d reused a taken slug: %v", i, err)
		case i%4 != 0 && err != nil:
			t.Errorf("writer %d: %v", i, err)
		case err == nil:
			created++
		}
	}
	n, err := env.Store.CountPosts(ctx, content.PostFilter{Status: content.FilterAny, Now: env.Clock.Now()})
	if err != nil || n != created {
		t.Fatalf("%d posts stored, %d creates succeeded (%v)", n, created, err)
	}
	events := 0
	for _, typ := range eventTypes(t, env) {
		if typ == content.EventPostCreated {
			events++
		}
	}
	if events != created {
		t.Fatalf("%d post.created events for %d posts", events, created)
	}
}
