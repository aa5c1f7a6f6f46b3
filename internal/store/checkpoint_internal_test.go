package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// openCheckpointed opens a SQLite store in a temporary folder whose
// checkpointer ticks every 10 ms.
func openCheckpointed(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(t.Context(), Options{URL: path, Readers: 2, CheckpointInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, path
}

// fileBytes is the database file's size, and what it would be holding
// every page of the database: the two agree once a checkpoint has copied
// the log back.
func fileBytes(t *testing.T, ctx context.Context, s *Store, path string) (have, want int64) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := s.CountSQL(ctx, "PRAGMA page_count")
	if err != nil {
		t.Fatal(err)
	}
	size, err := s.CountSQL(ctx, "PRAGMA page_size")
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size(), pages * size
}

// waitCopied waits until the database file holds every committed page.
func waitCopied(t *testing.T, ctx context.Context, s *Store, path string) int64 {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		have, want := fileBytes(t, ctx, s, path)
		if have == want {
			return have
		}
		if time.Now().After(deadline) {
			runs, err := s.ckpt.stats()
			t.Fatalf("the database file holds %d bytes of %d after 10 s: the log was not copied back (%d checkpoints, last error %v)",
				have, want, runs, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestCheckpointerCopiesTheLogBehindTheWriter writes far fewer pages than
// the writer's own checkpoint waits for, so only the checkpointer can have
// copied them into the database file.
func TestCheckpointerCopiesTheLogBehindTheWriter(t *testing.T) {
	ctx := t.Context()
	s, path := openCheckpointed(t)
	before := waitCopied(t, ctx, s, path) // the migrations'

	var auto int64
	if err := s.w.WithContext(ctx).Raw("PRAGMA wal_autocheckpoint").Row().Scan(&auto); err != nil {
		t.Fatal(err)
	}
	if auto != walAutocheckpoint {
		t.Fatalf("the writer checkpoints itself every %d pages, want %d", auto, walAutocheckpoint)
	}

	if err := s.ExecSQL(ctx, "CREATE TABLE checkpoint_probe (b BLOB)"); err != nil {
		t.Fatal(err)
	}
	for range 40 {
		if err := s.ExecSQL(ctx, "INSERT INTO checkpoint_probe VALUES (randomblob(8000))"); err != nil {
			t.Fatal(err)
		}
	}
	if _, want := fileBytes(t, ctx, s, path); want < before+40*8000 || (want-before)/4096 >= walAutocheckpoint {
		t.Fatalf("premise: the writes should add about 80 pages, under the writer's %d; the database grew from %d to %d bytes",
			walAutocheckpoint, before, want)
	}
	waitCopied(t, ctx, s, path)
	if _, err := s.ckpt.stats(); err != nil {
		t.Fatalf("last checkpoint: %v", err)
	}
}

// TestCheckpointerStopsOnClose checks that Close ends the goroutine.
func TestCheckpointerStopsOnClose(t *testing.T) {
	s, _ := openCheckpointed(t)
	c := s.ckpt
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the checkpointer still runs after Close")
	}
}
