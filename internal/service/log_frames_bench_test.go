package service_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/seed"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

// walFrameSize is a frame of SQLite's write-ahead log: a 24-byte header
// and a 4 KB page.
const walFrameSize = 24 + 4096

// BenchmarkCreateLogFrames counts what creating a post writes to SQLite's
// write-ahead log, in frames a create: each is two write calls, and two
// more when the checkpointer copies its page back (docs/benchmarks.md,
// tenth session). "frames/create" is the creates' own transactions (eight
// writers, batched by the group commit); "projector-frames/create" is the
// projector's (the read model's view and the search index). Between
// batches of 80 creates the log is emptied, so count the frames with a
// fixed number of creates:
//
//	go test -tags sqlite_fts5 ./internal/service -run '^$' -bench CreateLogFrames -benchtime 400x
func BenchmarkCreateLogFrames(b *testing.B) {
	if testutil.Dialect() != store.DialectSQLite {
		b.Skip("the write-ahead log is SQLite's")
	}
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "frames.db")
	// The checkpointer is held off: the log keeps every frame until the
	// benchmark empties it.
	st, err := store.Open(ctx, store.Options{URL: path, Readers: 2, CheckpointInterval: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	testutil.SeedPosts(b, st, 2_000)
	env := testutil.EnvOver(b, st, time.Now())
	actx := testutil.As(ctx, env.MustUser(b, "frames", content.RoleAdmin))
	plain, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	empty := func() {
		if _, err := plain.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			b.Fatal(err)
		}
	}
	frames := func() int64 {
		fi, err := os.Stat(path + "-wal")
		if err != nil || fi.Size() < 32 {
			return 0
		}
		return (fi.Size() - 32) / walFrameSize
	}
	project := func() {
		if _, err := env.Service.ProjectViews(ctx); err != nil {
			b.Fatal(err)
		}
	}
	project()
	empty()

	const batch, writers = 80, 8
	var created, projected int64
	b.ResetTimer()
	for done := 0; done < b.N; done += batch {
		n := min(batch, b.N-done)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := w; i < n; i += writers {
					k := done + i
					title, body, status := fmt.Sprintf("Frames %d", k), seed.Body(k), content.StatusPublished
					tags := []string{fmt.Sprintf("tag-%d", k%50), fmt.Sprintf("tag-%d", (k+17)%50), "frames"}
					if _, err := env.Service.CreatePost(actx, content.PostInput{Title: &title, BodyMarkdown: &body,
						Status: &status, Tags: &tags}); err != nil {
						b.Error(err)
					}
				}
			})
		}
		wg.Wait()
		after := frames()
		project()
		created += after
		projected += frames() - after
		empty()
	}
	if created == 0 || projected == 0 {
		b.Fatalf("counted %d frames for the creates and %d for the projector; the log was not read", created, projected)
	}
	b.ReportMetric(float64(created)/float64(b.N), "frames/create")
	b.ReportMetric(float64(projected)/float64(b.N), "projector-frames/create")
}
