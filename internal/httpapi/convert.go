package httpapi

import (
	"time"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

// toAPIPost converts a post for the wire as seen at now. full adds the body
// and table of contents, which lists leave out.
func toAPIPost(p content.Post, now time.Time, full bool) api.Post {
	out := api.Post{
		ID: p.ID, Slug: p.Slug, Title: p.Title, Excerpt: p.Excerpt,
		ReadingTimeMinutes: p.ReadingTimeMinutes, WordCount: p.WordCount,
		Status: string(p.StatusAt(now)), PublishedAt: p.PublishedAt, Featured: p.Featured,
		CoverImage: optional(p.CoverImage), MetaTitle: optional(p.MetaTitle),
		MetaDescription: optional(p.MetaDescription), CanonicalURL: optional(p.CanonicalURL),
		Tags:    make([]api.TagRef, len(p.Tags)),
		Author:  api.AuthorRef{ID: p.Author.ID, Slug: p.Author.Slug, Name: p.Author.Name},
		Version: p.Version, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
	}
	for i, t := range p.Tags {
		out.Tags[i] = api.TagRef{ID: t.ID, Slug: t.Slug, Name: t.Name}
	}
	if p.Snippet != "" {
		out.Snippet = &p.Snippet
	}
	if full {
		md, html := p.BodyMarkdown, p.BodyHTML
		out.BodyMarkdown, out.BodyHTML = &md, &html
		out.TOC = make([]api.Heading, len(p.TOC))
		for i, h := range p.TOC {
			out.TOC[i] = api.Heading{Level: h.Level, Text: h.Text, Anchor: h.Anchor}
		}
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toAPITag(t content.Tag) api.Tag {
	return api.Tag{ID: t.ID, Slug: t.Slug, Name: t.Name, Description: t.Description,
		PostCount: t.PostCount, Version: t.Version, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}

func toAPIAuthor(a content.Author) api.Author {
	return api.Author{ID: a.ID, Slug: a.Slug, Name: a.Name, Bio: a.Bio, AvatarURL: a.AvatarURL, PostCount: a.PostCount}
}

func toAPIUser(u content.User) api.User {
	return api.User{ID: u.ID, Email: u.Email, Slug: u.Slug, Name: u.Name, Bio: u.Bio, AvatarURL: u.AvatarURL,
		Role: string(u.Role), CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

func toAPIToken(t content.APIToken) api.APIToken {
	return api.APIToken{ID: t.ID, Name: t.Name, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt, CreatedAt: t.CreatedAt}
}

func meta(limit int, next string, total *int) api.ListMeta {
	m := api.ListMeta{Limit: limit, Total: total}
	if next != "" {
		m.NextCursor = &next
	}
	return m
}
