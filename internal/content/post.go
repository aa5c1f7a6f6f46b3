package content

import (
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Status is the stored publication state of a post. Scheduled is never
// stored: it is a published post whose time has not come.
type Status string

// The statuses a post can show.
const (
	StatusDraft     Status = "draft"
	StatusScheduled Status = "scheduled"
	StatusPublished Status = "published"
)

// Limits on post fields.
const (
	MaxTitleLen       = 300
	MaxExcerptLen     = 300
	MaxBodyLen        = 512 * 1024
	MaxMetaLen        = 300
	MaxURLLen         = 2048
	MaxTagsPerPost    = 30
	MaxTagNameLen     = 100
	MaxDescriptionLen = 2000
)

// Heading is one entry of a post's table of contents.
type Heading struct {
	Level  int    `json:"level"`
	Text   string `json:"text"`
	Anchor string `json:"anchor"`
}

// TagRef is the short form of a tag embedded in a post.
type TagRef struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// AuthorRef is the short form of an author embedded in a post.
type AuthorRef struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Post is a blog post with its rendered body.
type Post struct {
	ID                 string     `json:"id"`
	Slug               string     `json:"slug"`
	Title              string     `json:"title"`
	Excerpt            string     `json:"excerpt"`
	CustomExcerpt      bool       `json:"custom_excerpt"`
	BodyMarkdown       string     `json:"body_markdown"`
	BodyHTML           string     `json:"body_html"`
	TOC                []Heading  `json:"toc"`
	ReadingTimeMinutes int        `json:"reading_time_minutes"`
	WordCount          int        `json:"word_count"`
	Status             Status     `json:"status"` // draft or published as stored
	PublishedAt        *time.Time `json:"published_at"`
	Featured           bool       `json:"featured"`
	CoverImage         string     `json:"cover_image"`
	MetaTitle          string     `json:"meta_title"`
	MetaDescription    string     `json:"meta_description"`
	CanonicalURL       string     `json:"canonical_url"`
	Tags               []TagRef   `json:"tags"`
	Author             AuthorRef  `json:"author"`
	Version            int        `json:"version"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
	// Snippet is set by searches: matching text, HTML-escaped, the match in <mark>.
	Snippet string `json:"-"`
	// Rank orders search results; lower is more relevant.
	Rank float64 `json:"-"`
}

// StatusAt is the status readers see at now: a published post whose time
// has not come reads as scheduled.
func (p Post) StatusAt(now time.Time) Status {
	if p.Status == StatusPublished && p.PublishedAt != nil && p.PublishedAt.After(now) {
		return StatusScheduled
	}
	return p.Status
}

// VisibleAt reports whether anonymous readers may see the post at now.
func (p Post) VisibleAt(now time.Time) bool { return p.StatusAt(now) == StatusPublished }

// PostInput is the author's side of a post: what a create sets and a patch changes.
type PostInput struct {
	Slug            *string
	Title           *string
	Excerpt         *string // "" resets to the default excerpt
	BodyMarkdown    *string
	Status          *Status
	PublishedAt     **time.Time // set to a nil *time.Time to clear
	Featured        *bool
	CoverImage      *string
	MetaTitle       *string
	MetaDescription *string
	CanonicalURL    *string
	Tags            *[]string // names or slugs, in order
	AuthorID        *string
}

// Validate checks the fields that are present; create also requires a title.
func (in PostInput) Validate(create bool) error {
	ve := &ValidationError{}
	if in.Title != nil || create {
		checkText(ve, "title", deref(in.Title), 1, MaxTitleLen)
	}
	if in.Slug != nil && *in.Slug != "" && !IsSlug(*in.Slug) {
		ve.Add("slug", "must be lowercase a-z, 0-9 and single dashes, at most %d characters", MaxSlugLen)
	}
	if in.Excerpt != nil {
		checkText(ve, "excerpt", *in.Excerpt, 0, MaxExcerptLen)
	}
	if in.BodyMarkdown != nil && len(*in.BodyMarkdown) > MaxBodyLen {
		ve.Add("body_markdown", "must be at most %d bytes", MaxBodyLen)
	}
	if in.BodyMarkdown != nil && !utf8.ValidString(*in.BodyMarkdown) {
		ve.Add("body_markdown", "must be valid UTF-8")
	}
	if in.Status != nil && *in.Status != StatusDraft && *in.Status != StatusPublished && *in.Status != StatusScheduled {
		ve.Add("status", "must be one of draft, scheduled, published")
	}
	checkURL(ve, "cover_image", in.CoverImage)
	checkURL(ve, "canonical_url", in.CanonicalURL)
	if in.MetaTitle != nil {
		checkText(ve, "meta_title", *in.MetaTitle, 0, MaxMetaLen)
	}
	if in.MetaDescription != nil {
		checkText(ve, "meta_description", *in.MetaDescription, 0, MaxMetaLen)
	}
	if in.Tags != nil {
		checkTagNames(ve, *in.Tags)
	}
	if in.AuthorID != nil && !IsID(*in.AuthorID) {
		ve.Add("author_id", "must be a ULID")
	}
	return ve.Err()
}

func checkTagNames(ve *ValidationError, tags []string) {
	if len(tags) > MaxTagsPerPost {
		ve.Add("tags", "at most %d tags", MaxTagsPerPost)
		return
	}
	for _, t := range tags {
		name := strings.TrimSpace(t)
		if name == "" || utf8.RuneCountInString(name) > MaxTagNameLen || !utf8.ValidString(name) || hasControl(name) {
			ve.Add("tags", "each tag must be 1 to %d printable characters", MaxTagNameLen)
			return
		}
		if Slugify(name) == "" {
			ve.Add("tags", "tag %q has no letters or digits", name)
			return
		}
	}
}

func checkText(ve *ValidationError, field, s string, min, max int) {
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	switch {
	case !utf8.ValidString(s):
		ve.Add(field, "must be valid UTF-8")
	case n < min:
		ve.Add(field, "is required")
	case n > max:
		ve.Add(field, "must be at most %d characters", max)
	}
}

func checkURL(ve *ValidationError, field string, s *string) {
	if s == nil || *s == "" {
		return
	}
	u, err := url.Parse(*s)
	if err != nil || len(*s) > MaxURLLen || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		ve.Add(field, "must be an absolute http or https URL")
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// ResolveStatus turns a requested status and publish time into what is
// stored: scheduled becomes published with a future time, published without
// a time is published now. It rejects scheduled without a future time.
func ResolveStatus(want Status, at *time.Time, now time.Time) (Status, *time.Time, error) {
	switch want {
	case StatusDraft:
		return StatusDraft, at, nil
	case StatusScheduled:
		if at == nil || !at.After(now) {
			return "", nil, Invalid("published_at", "a scheduled post needs a published_at in the future")
		}
		return StatusPublished, at, nil
	default:
		if at == nil {
			t := now.UTC().Truncate(time.Millisecond)
			at = &t
		}
		return StatusPublished, at, nil
	}
}

// hasControl reports whether s holds a control character.
func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}
