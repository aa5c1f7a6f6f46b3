package httpapi

import (
	"encoding/json"
	"time"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

func fromPostCreate(in api.PostCreate) content.PostInput {
	out := content.PostInput{
		Title: &in.Title, Slug: in.Slug, Excerpt: in.Excerpt, BodyMarkdown: in.BodyMarkdown,
		Featured: in.Featured, CoverImage: in.CoverImage, MetaTitle: in.MetaTitle,
		MetaDescription: in.MetaDescription, CanonicalURL: in.CanonicalURL, AuthorID: in.AuthorID,
	}
	if in.Status != nil {
		st := content.Status(*in.Status)
		out.Status = &st
	}
	if in.PublishedAt != nil {
		out.PublishedAt = &in.PublishedAt
	}
	if in.Tags != nil {
		out.Tags = &in.Tags
	}
	return out
}

// nullable post fields: a JSON null clears them. Every other field must not be null.
var clearable = map[string]bool{"excerpt": true, "published_at": true, "cover_image": true, "meta_title": true,
	"meta_description": true, "canonical_url": true, "tags": true}

// fromPostPatch applies merge-patch rules: absent fields stay, null clears
// a clearable field and is a 422 on a required one.
func fromPostPatch(in api.PostPatch, members map[string]json.RawMessage) (content.PostInput, error) {
	ve := &content.ValidationError{}
	for name := range members {
		if isNull(members, name) && !clearable[name] {
			ve.Add(name, "may not be null")
		}
	}
	if err := ve.Err(); err != nil {
		return content.PostInput{}, err
	}
	empty := ""
	clear := func(name string, v *string) *string {
		if isNull(members, name) {
			return &empty
		}
		return v
	}
	out := content.PostInput{
		Title: in.Title, Slug: in.Slug, BodyMarkdown: in.BodyMarkdown, Featured: in.Featured, AuthorID: in.AuthorID,
		Excerpt: clear("excerpt", in.Excerpt), CoverImage: clear("cover_image", in.CoverImage),
		MetaTitle: clear("meta_title", in.MetaTitle), MetaDescription: clear("meta_description", in.MetaDescription),
		CanonicalURL: clear("canonical_url", in.CanonicalURL),
	}
	if in.Status != nil {
		st := content.Status(*in.Status)
		out.Status = &st
	}
	if _, ok := members["published_at"]; ok {
		var at *time.Time = in.PublishedAt
		out.PublishedAt = &at
	}
	if _, ok := members["tags"]; ok {
		tags := in.Tags
		if tags == nil {
			tags = []string{}
		}
		out.Tags = &tags
	}
	return out, nil
}
