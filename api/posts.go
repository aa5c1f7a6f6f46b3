package api

import "time"

// TagRef is a tag as embedded in a post.
type TagRef struct {
	ID   string `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9A" validate:"required"`
	Slug string `json:"slug" example:"architecture" validate:"required"`
	Name string `json:"name" example:"Architecture" validate:"required"`
} // @name TagRef

// AuthorRef is an author as embedded in a post.
type AuthorRef struct {
	ID   string `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9B" validate:"required"`
	Slug string `json:"slug" example:"ada-lovelace" validate:"required"`
	Name string `json:"name" example:"Ada Lovelace" validate:"required"`
} // @name AuthorRef

// Heading is one entry of a post's table of contents.
type Heading struct {
	Level  int    `json:"level" example:"2" validate:"required"`
	Text   string `json:"text" example:"Start with a monolith" validate:"required"`
	Anchor string `json:"anchor" example:"start-with-a-monolith" validate:"required"`
} // @name Heading

// Post is a blog post. In lists, body_markdown, body_html and toc are left
// out unless the fields parameter names them.
type Post struct {
	ID                 string     `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9C" validate:"required"`
	Slug               string     `json:"slug" example:"building-scalable-systems-lessons-learned"`
	Title              string     `json:"title" example:"Building Scalable Systems: Lessons Learned"`
	Excerpt            string     `json:"excerpt" example:"Start simple, measure, then scale the part that hurts."`
	BodyMarkdown       *string    `json:"body_markdown,omitempty" example:"## Start with a monolith"`
	BodyHTML           *string    `json:"body_html,omitempty" example:"<h2 id=\"start-with-a-monolith\">Start with a monolith</h2>"`
	TOC                []Heading  `json:"toc,omitempty"`
	ReadingTimeMinutes int        `json:"reading_time_minutes" example:"4"`
	WordCount          int        `json:"word_count" example:"812"`
	Status             string     `json:"status" enums:"draft,scheduled,published" example:"published"`
	PublishedAt        *time.Time `json:"published_at" extensions:"x-nullable" example:"2026-11-20T09:30:00Z"`
	Featured           bool       `json:"featured" example:"true"`
	CoverImage         *string    `json:"cover_image" extensions:"x-nullable" example:"https://images.example.com/scale.jpg"`
	MetaTitle          *string    `json:"meta_title" extensions:"x-nullable"`
	MetaDescription    *string    `json:"meta_description" extensions:"x-nullable"`
	CanonicalURL       *string    `json:"canonical_url" extensions:"x-nullable"`
	Tags               []TagRef   `json:"tags"`
	Author             AuthorRef  `json:"author"`
	Version            int        `json:"version" example:"3"`
	CreatedAt          time.Time  `json:"created_at" example:"2026-11-19T12:00:00Z"`
	UpdatedAt          time.Time  `json:"updated_at" example:"2026-11-20T09:30:00Z"`
	// With q: the matching text, the match wrapped in <mark>.
	Snippet *string `json:"snippet,omitempty"`
} // @name Post

// PostCreate is the body of POST /v1/posts.
type PostCreate struct {
	Title        string  `json:"title" example:"Building Scalable Systems: Lessons Learned" validate:"required"`
	Slug         *string `json:"slug,omitempty" example:"building-scalable-systems"`
	Excerpt      *string `json:"excerpt,omitempty"`
	BodyMarkdown *string `json:"body_markdown,omitempty" example:"## Start with a monolith\n\nMost systems never need more."`
	// draft (default), published, or scheduled (needs a future published_at).
	Status          *string    `json:"status,omitempty" enums:"draft,scheduled,published" example:"draft"`
	PublishedAt     *time.Time `json:"published_at,omitempty"`
	Featured        *bool      `json:"featured,omitempty"`
	CoverImage      *string    `json:"cover_image,omitempty"`
	MetaTitle       *string    `json:"meta_title,omitempty"`
	MetaDescription *string    `json:"meta_description,omitempty"`
	CanonicalURL    *string    `json:"canonical_url,omitempty"`
	// Tag names or slugs, primary tag first; unknown tags are created.
	Tags []string `json:"tags,omitempty" example:"architecture,scalability"`
	// Editors and admins may write for another user; defaults to the caller.
	AuthorID *string `json:"author_id,omitempty"`
} // @name PostCreate

// PostPatch is a JSON Merge Patch (RFC 7396) of a post: absent fields stay,
// null clears an optional field.
type PostPatch struct {
	Title           *string    `json:"title,omitempty"`
	Slug            *string    `json:"slug,omitempty"`
	Excerpt         *string    `json:"excerpt,omitempty" extensions:"x-nullable"`
	BodyMarkdown    *string    `json:"body_markdown,omitempty"`
	Status          *string    `json:"status,omitempty" enums:"draft,scheduled,published"`
	PublishedAt     *time.Time `json:"published_at,omitempty" extensions:"x-nullable"`
	Featured        *bool      `json:"featured,omitempty"`
	CoverImage      *string    `json:"cover_image,omitempty" extensions:"x-nullable"`
	MetaTitle       *string    `json:"meta_title,omitempty" extensions:"x-nullable"`
	MetaDescription *string    `json:"meta_description,omitempty" extensions:"x-nullable"`
	CanonicalURL    *string    `json:"canonical_url,omitempty" extensions:"x-nullable"`
	Tags            []string   `json:"tags,omitempty" extensions:"x-nullable"`
	AuthorID        *string    `json:"author_id,omitempty"`
} // @name PostPatch

// ListMeta describes a page of a list.
type ListMeta struct {
	Limit int `json:"limit" example:"20" validate:"required"`
	// Pass as cursor to get the next page; null on the last page.
	NextCursor *string `json:"next_cursor" extensions:"x-nullable" example:"eyJsIjoi..." validate:"required"`
	// Only with include_total=true.
	Total *int `json:"total,omitempty" example:"123"`
} // @name ListMeta

// PostList is a page of posts.
type PostList struct {
	Data []Post   `json:"data" validate:"required"`
	Meta ListMeta `json:"meta" validate:"required"`
} // @name PostList
