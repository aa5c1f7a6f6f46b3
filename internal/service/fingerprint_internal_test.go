package service

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

// TestListFingerprintKeepsItsText holds postListFingerprint to the text it
// was first written with (through fmt), so that cursors issued by an
// earlier build stay valid after an upgrade.
func TestListFingerprintKeepsItsText(t *testing.T) {
	yes, no := true, false
	at := time.Date(2026, 5, 1, 10, 0, 0, 5, time.UTC)
	for _, f := range []content.PostFilter{
		{},
		{Status: content.FilterPublished},
		{Status: content.FilterDraft, OwnerID: "01ABC", Sort: content.SortTitle},
		{Tags: []string{"go", "sqlite"}, AllTags: []string{"db"}, AuthorSlug: "ada", Query: "cache index", Featured: &yes},
		{Tags: []string{}, Featured: &no, PublishedAfter: &at, PublishedBefore: &at},
		{Query: "a|b [c]", Sort: content.SortRelevance},
	} {
		var b strings.Builder
		featured := ""
		if f.Featured != nil {
			featured = fmt.Sprint(*f.Featured)
		}
		fmt.Fprintf(&b, "posts|%s|%s|%s|%v|%v|%s|%s|%s|", f.Status, f.OwnerID, f.Sort,
			f.Tags, f.AllTags, f.AuthorSlug, f.Query, featured)
		for _, tm := range []*time.Time{f.PublishedAfter, f.PublishedBefore} {
			if tm != nil {
				b.WriteString(tm.UTC().Format(time.RFC3339Nano))
			}
			b.WriteByte('|')
		}
		sum := sha256.Sum256([]byte(b.String()))
		if got, want := postListFingerprint(f), hex.EncodeToString(sum[:8]); got != want {
			t.Errorf("%+v: fingerprint %s, the first build's %s", f, got, want)
		}
	}
}
