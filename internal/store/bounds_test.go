package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/folio-cms/folio/internal/content"
)

// TestPublicListHasOneUpperBound checks that a public list bounds
// published_at from above once: by published_before when that is not in
// the future (it implies "not after now"), by now otherwise. With both,
// SQLite seeks on "<= now" and reads every index entry down to the
// earlier bound: an archive page before all 100,000 posts took 12 ms
// instead of 0.03 ms.
func TestPublicListHasOneUpperBound(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, Options{URL: filepath.Join(t.TempDir(), "bounds.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	past, future := now.AddDate(-3, 0, 0), now.AddDate(0, 0, 1)
	for _, c := range []struct {
		name   string
		before *time.Time
		nowToo bool // the statement still needs "<= now"
	}{
		{"no filter", nil, true},
		{"before a past time", &past, false},
		{"before now", &now, false},
		{"before a future time", &future, true},
	} {
		f := content.PostFilter{Now: now, Limit: 21, Status: content.FilterPublished, PublishedBefore: c.before}
		stmt := st.read(ctx).ToSQL(func(tx *gorm.DB) *gorm.DB {
			var rows []postRow
			return st.listQuery(tx, f).Find(&rows)
		})
		if got := strings.Contains(stmt, "posts.published_at <= "); got != c.nowToo {
			t.Errorf("%s: bound by now = %v, want %v:\n%s", c.name, got, c.nowToo, stmt)
		}
		if got := strings.Contains(stmt, "posts.published_at < "); got != (c.before != nil) {
			t.Errorf("%s: bound by published_before = %v:\n%s", c.name, got, stmt)
		}
	}
}
