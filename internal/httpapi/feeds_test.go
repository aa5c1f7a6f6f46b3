package httpapi_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

// TestFeedsParseBack renders each feed and reads it back with a feed parser.
func TestFeedsParseBack(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	s.MustPost(t, u, testutil.Published("Go & generics <3", "go"))
	s.Clock.Advance(1)
	s.MustPost(t, u, testutil.Published("Rust notes", "rust"))
	s.MustPost(t, u, testutil.Draft("Unpublished"))
	for path, feedType := range map[string]string{"/feed.xml": "rss", "/feed.atom": "atom", "/feed.json": "json"} {
		res := s.Get(t, path, "")
		if res.Status != 200 || res.Header.Get("ETag") == "" {
			t.Fatalf("%s: %d", path, res.Status)
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(res.Body))
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", path, err, res.Body)
		}
		if feed.FeedType != feedType || len(feed.Items) != 2 {
			t.Fatalf("%s: type %s, %d items", path, feed.FeedType, len(feed.Items))
		}
		if feed.Items[0].Title != "Rust notes" || feed.Items[1].Title != "Go & generics <3" {
			t.Fatalf("%s items: %q, %q", path, feed.Items[0].Title, feed.Items[1].Title)
		}
		if !strings.HasPrefix(feed.Items[0].Link, "http://localhost:8080/posts/rust-notes") {
			t.Fatalf("%s link: %s", path, feed.Items[0].Link)
		}
		if !strings.Contains(feed.Items[0].Content, "<h2") {
			t.Fatalf("%s content lacks the HTML body: %q", path, feed.Items[0].Content)
		}
		tagged := s.Get(t, path+"?tag=go", "")
		feed, err = gofeed.NewParser().Parse(bytes.NewReader(tagged.Body))
		if err != nil || len(feed.Items) != 1 || feed.Items[0].Title != "Go & generics <3" {
			t.Fatalf("%s?tag=go: %v %+v", path, err, feed)
		}
		if res := s.Get(t, path+"?tag=NOT+A+SLUG", ""); res.Status != 400 {
			t.Fatalf("%s bad tag: %d", path, res.Status)
		}
	}
}
