package testutil

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// SeedBase is the publish time of the newest seeded post; older ones follow an hour apart.
var SeedBase = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// SeedPosts writes n published posts straight through the store in one
// transaction: 20 authors (author-0…), a pool of 50 tags (tag-0…), 3 tags
// per post and a few paragraphs of body each. It is for query plans and
// benchmarks, where going through the service would take minutes.
func SeedPosts(t testing.TB, st *store.Store, n int) {
	t.Helper()
	ctx := context.Background()
	err := st.InTx(ctx, func(tx *store.Store) error {
		authors := make([]string, 20)
		for i := range authors {
			u := content.User{ID: content.NewID(), Email: fmt.Sprintf("author-%d@example.com", i), Slug: fmt.Sprintf("author-%d", i),
				Name: fmt.Sprintf("Author %d", i), Role: content.RoleAuthor, PasswordHash: "-", TokenVersion: 1, CreatedAt: SeedBase, UpdatedAt: SeedBase}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			authors[i] = u.ID
		}
		tags := make([]content.TagRef, 50)
		for i := range tags {
			tg := content.Tag{ID: content.NewID(), Slug: fmt.Sprintf("tag-%d", i), Name: fmt.Sprintf("Tag %d", i), Version: 1, CreatedAt: SeedBase, UpdatedAt: SeedBase}
			if err := tx.CreateTag(ctx, tg); err != nil {
				return err
			}
			tags[i] = content.TagRef{ID: tg.ID, Slug: tg.Slug, Name: tg.Name}
		}
		for i := range n {
			if err := tx.CreatePost(ctx, seedPost(i, authors, tags)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed %d posts: %v", n, err)
	}
}

var seedWords = strings.Fields("scalable systems distributed database cache index query latency throughput " +
	"replica consistency event log idempotent write read path monolith service queue backpressure")

// seedWord is a deterministic pseudo-word from a vocabulary of 5,000, so
// that bodies read like varied text to a search index.
func seedWord(n int) string {
	const letters = "etaoinshrdlucmfwypvbgkjqxz"
	n = n % 5000
	b := []byte{letters[n%26], letters[(n/26)%26], letters[(n/676)%26+0], 'a' + byte(n%7)}
	return string(b)
}

func seedPost(i int, authors []string, tags []content.TagRef) content.Post {
	at := SeedBase.Add(-time.Duration(i) * time.Hour)
	topics := []string{seedWords[i%len(seedWords)], seedWords[(i/len(seedWords))%len(seedWords)]}
	var body strings.Builder
	for p := range 6 {
		fmt.Fprintf(&body, "## Section %d on %s\n\n", p, topics[p%2])
		for w := range 150 {
			if w%40 == 0 {
				body.WriteString(topics[(w/40)%2])
			} else {
				body.WriteString(seedWord(i*7919 + p*104729 + w*31))
			}
			body.WriteByte(' ')
		}
		body.WriteString("\n\n")
	}
	title := fmt.Sprintf("Post %05d about %s and %s", i, topics[0], topics[1])
	return content.Post{ID: content.NewID(), Slug: fmt.Sprintf("post-%05d", i), Title: title,
		Excerpt: "An excerpt of " + title, BodyMarkdown: body.String(), BodyHTML: "<p>" + title + "</p>",
		Status: content.StatusPublished, PublishedAt: &at, Author: content.AuthorRef{ID: authors[i%len(authors)]},
		Tags:    []content.TagRef{tags[i%50], tags[(i%50+1+i%7)%50], tags[(i%50+10+i%11)%50]},
		Version: 1, CreatedAt: at, UpdatedAt: at, ReadingTimeMinutes: 4, WordCount: 900}
}
