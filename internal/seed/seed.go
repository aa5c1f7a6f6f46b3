// Package seed writes many realistic posts straight through the store, for
// query-plan tests, benchmarks and the load benchmark, where going through
// the service one post at a time would take minutes.
package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/markdown"
	"github.com/folio-cms/folio/internal/store"
)

// Base is the publish time of the newest seeded post; older ones follow an hour apart.
var Base = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// Posts writes n published posts in transactions of 1,000: 20 authors
// (author-0…), a pool of 50 tags (tag-0…), 3 tags per post, and a body of
// about 6 KB of markdown each (six sections of varied words, see Body),
// rendered by package markdown as the service would, so that the stored
// HTML, table of contents, excerpt and word count have realistic sizes.
func Posts(ctx context.Context, st *store.Store, n int) error {
	var authors []string
	var tags []content.TagRef
	err := st.InTx(ctx, func(tx *store.Store) error {
		var err error
		authors, tags, err = people(ctx, tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("seed authors and tags: %w", err)
	}
	md := markdown.New()
	for start := 0; start < n; start += 1000 {
		err := st.InTx(ctx, func(tx *store.Store) error {
			for i := start; i < min(start+1000, n); i++ {
				if _, err := tx.CreatePost(ctx, post(md, i, authors, tags)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("seed posts from %d: %w", start, err)
		}
		// Index them for search as the projector would once they are
		// committed, so a seeded database is searchable when Posts returns.
		if _, err := st.IndexSearch(ctx); err != nil {
			return fmt.Errorf("index seeded posts for search: %w", err)
		}
	}
	return nil
}

func people(ctx context.Context, tx *store.Store) ([]string, []content.TagRef, error) {
	authors := make([]string, 20)
	for i := range authors {
		u := content.User{ID: content.NewID(), Email: fmt.Sprintf("author-%d@example.com", i), Slug: fmt.Sprintf("author-%d", i),
			Name: fmt.Sprintf("Author %d", i), Role: content.RoleAuthor, PasswordHash: "-", TokenVersion: 1, CreatedAt: Base, UpdatedAt: Base}
		if err := tx.CreateUser(ctx, u); err != nil {
			return nil, nil, err
		}
		authors[i] = u.ID
	}
	tags := make([]content.TagRef, 50)
	for i := range tags {
		tg := content.Tag{ID: content.NewID(), Slug: fmt.Sprintf("tag-%d", i), Name: fmt.Sprintf("Tag %d", i), Version: 1, CreatedAt: Base, UpdatedAt: Base}
		if err := tx.CreateTag(ctx, tg); err != nil {
			return nil, nil, err
		}
		tags[i] = content.TagRef{ID: tg.ID, Slug: tg.Slug, Name: tg.Name}
	}
	return authors, tags, nil
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

// Body is the markdown body of the i-th seeded post: six sections of 180
// words, about 6 KB. Bodies differ from one i to the next.
func Body(i int) string {
	topics := topicsOf(i)
	var body strings.Builder
	for p := range 6 {
		fmt.Fprintf(&body, "## Section %d on %s\n\n", p, topics[p%2])
		for w := range 180 {
			if w%40 == 0 {
				body.WriteString(topics[(w/40)%2])
			} else {
				body.WriteString(seedWord(i*7919 + p*104729 + w*31))
			}
			body.WriteByte(' ')
		}
		body.WriteString("\n\n")
	}
	return body.String()
}

func topicsOf(i int) []string {
	return []string{seedWords[i%len(seedWords)], seedWords[(i/len(seedWords))%len(seedWords)]}
}

func post(md *markdown.Renderer, i int, authors []string, tags []content.TagRef) content.Post {
	at := Base.Add(-time.Duration(i) * time.Hour)
	topics := topicsOf(i)
	body := Body(i)
	doc := md.Render(body)
	toc := make([]content.Heading, len(doc.TOC))
	for k, h := range doc.TOC {
		toc[k] = content.Heading{Level: h.Level, Text: h.Text, Anchor: h.Anchor}
	}
	title := fmt.Sprintf("Post %05d about %s and %s", i, topics[0], topics[1])
	return content.Post{ID: content.NewID(), Slug: fmt.Sprintf("post-%05d", i), Title: title,
		Excerpt: doc.Excerpt, BodyMarkdown: body, BodyHTML: doc.HTML, TOC: toc,
		Status: content.StatusPublished, PublishedAt: &at, Author: content.AuthorRef{ID: authors[i%len(authors)]},
		Tags:    []content.TagRef{tags[i%50], tags[(i%50+1+i%7)%50], tags[(i%50+10+i%11)%50]},
		Version: 1, CreatedAt: at, UpdatedAt: at, ReadingTimeMinutes: doc.ReadingTime, WordCount: doc.WordCount}
}
