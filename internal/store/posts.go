package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/folio-cms/folio/internal/content"
)

type postRow struct {
	ID                 string
	Slug               string
	Title              string
	Excerpt            string
	CustomExcerpt      bool
	BodyMarkdown       string
	BodyHTML           string `gorm:"column:body_html"`
	TOC                string `gorm:"column:toc"`
	ReadingTimeMinutes int
	WordCount          int
	Status             string
	PublishedAt        *time.Time
	Featured           bool
	CoverImage         string
	MetaTitle          string
	MetaDescription    string
	CanonicalURL       string `gorm:"column:canonical_url"`
	AuthorID           string
	Version            int
	CreatedAt          time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt          time.Time `gorm:"autoUpdateTime:false"`
	// Filled by list and get queries from the users join.
	AuthorSlug string `gorm:"->"`
	AuthorName string `gorm:"->"`
	// Filled by searches.
	Rank    float64 `gorm:"->"`
	Snippet string  `gorm:"->"`
	// TagList is the post's tags in order, packed by tagListExpr.
	TagList string `gorm:"->"`
}

func (postRow) TableName() string { return "posts" }

type postTagRow struct {
	PostID   string
	TagID    string
	Position int
	// PublishedAt is the post's publish time while it is published, nil
	// for a draft (migration 00010; a trigger keeps it on other changes).
	PublishedAt *time.Time
}

func (postTagRow) TableName() string { return "post_tags" }

func toPostRow(p content.Post) postRow {
	toc, _ := json.Marshal(p.TOC)
	if p.TOC == nil {
		toc = []byte("[]")
	}
	return postRow{
		ID: p.ID, Slug: p.Slug, Title: p.Title, Excerpt: p.Excerpt, CustomExcerpt: p.CustomExcerpt,
		BodyMarkdown: p.BodyMarkdown, BodyHTML: p.BodyHTML, TOC: string(toc),
		ReadingTimeMinutes: p.ReadingTimeMinutes, WordCount: p.WordCount, Status: string(p.Status),
		PublishedAt: utcPtr(p.PublishedAt), Featured: p.Featured, CoverImage: p.CoverImage,
		MetaTitle: p.MetaTitle, MetaDescription: p.MetaDescription, CanonicalURL: p.CanonicalURL,
		AuthorID: p.Author.ID, Version: p.Version, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
	}
}

func (r postRow) post() content.Post {
	var toc []content.Heading
	if r.TOC != "" {
		_ = json.Unmarshal([]byte(r.TOC), &toc) // written by toPostRow; a list read leaves it empty
	}
	return content.Post{
		ID: r.ID, Slug: r.Slug, Title: r.Title, Excerpt: r.Excerpt, CustomExcerpt: r.CustomExcerpt,
		BodyMarkdown: r.BodyMarkdown, BodyHTML: r.BodyHTML, TOC: toc,
		ReadingTimeMinutes: r.ReadingTimeMinutes, WordCount: r.WordCount, Status: content.Status(r.Status),
		PublishedAt: utcPtr(r.PublishedAt), Featured: r.Featured, CoverImage: r.CoverImage,
		MetaTitle: r.MetaTitle, MetaDescription: r.MetaDescription, CanonicalURL: r.CanonicalURL,
		Author:  content.AuthorRef{ID: r.AuthorID, Slug: r.AuthorSlug, Name: r.AuthorName},
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Rank: r.Rank, Snippet: r.Snippet, Tags: unpackTags(r.TagList),
	}
}

// Separators of the packed tag list: ASCII unit and record separators,
// which tag names cannot hold (they refuse control characters).
const (
	tagFieldSep  = "\x1f"
	tagRecordSep = "\x1e"
)

// tagListExpr packs a post's tags, in order, into one column, so a page of
// posts with their tags is one statement.
func (s *Store) tagListExpr() string {
	if s.dialect == DialectPostgres {
		return "(SELECT string_agg(t.id || chr(31) || t.slug || chr(31) || t.name, chr(30) ORDER BY pt.position) " +
			"FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = posts.id) AS tag_list"
	}
	return "(SELECT group_concat(x, char(30)) FROM (SELECT t.id || char(31) || t.slug || char(31) || t.name AS x " +
		"FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = posts.id ORDER BY pt.position)) AS tag_list"
}

func unpackTags(packed string) []content.TagRef {
	if packed == "" {
		return []content.TagRef{}
	}
	records := strings.Split(packed, tagRecordSep)
	out := make([]content.TagRef, 0, len(records))
	for _, rec := range records {
		f := strings.SplitN(rec, tagFieldSep, 3)
		if len(f) == 3 {
			out = append(out, content.TagRef{ID: f[0], Slug: f[1], Name: f[2]})
		}
	}
	return out
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

const postColumnsList = "posts.id, posts.slug, posts.title, posts.excerpt, posts.custom_excerpt, " +
	"posts.reading_time_minutes, posts.word_count, posts.status, posts.published_at, posts.featured, " +
	"posts.cover_image, posts.meta_title, posts.meta_description, posts.canonical_url, posts.author_id, " +
	"posts.version, posts.created_at, posts.updated_at, users.slug AS author_slug, users.name AS author_name"

// postQuery selects posts with their author; extra is more select
// expressions and their arguments (the search rank and snippet).
func (s *Store) postQuery(db *gorm.DB, full bool, extra ...any) *gorm.DB {
	return s.postQueryFrom(db, "posts", nil, full, extra...)
}

// postQueryFrom is postQuery over another FROM clause that provides posts
// (with its arguments: a search's page subquery).
func (s *Store) postQueryFrom(db *gorm.DB, from string, fromArgs []any, full bool, extra ...any) *gorm.DB {
	cols := postColumnsList + ", " + s.tagListExpr()
	if full {
		cols += ", posts.body_markdown, posts.body_html, posts.toc"
	}
	var args []any
	if len(extra) > 0 {
		cols += ", " + extra[0].(string)
		args = extra[1:]
	}
	return db.Table(from, fromArgs...).Select(cols, args...).Joins("JOIN users ON users.id = posts.author_id")
}

// GetPost returns the post with id, with its tags and author.
func (s *Store) GetPost(ctx context.Context, id string) (content.Post, error) {
	return s.getPostWhere(ctx, "posts.id = ?", id)
}

// GetPostBySlug returns the post whose current slug is slug.
func (s *Store) GetPostBySlug(ctx context.Context, slug string) (content.Post, error) {
	return s.getPostWhere(ctx, "posts.slug = ?", slug)
}

func (s *Store) getPostWhere(ctx context.Context, where string, arg string) (content.Post, error) {
	rows, err := scanPosts(s.postQuery(s.read(ctx), true).Where(where, arg).Limit(1), true, false)
	if err != nil {
		return content.Post{}, translate(err, "get post "+arg)
	}
	if len(rows) == 0 {
		return content.Post{}, fmt.Errorf("get post %s: %w", arg, content.ErrNotFound)
	}
	return rows[0].post(), nil
}

// CreatePost inserts p, links its tags (which must exist, in p.Tags with
// their slugs and names) and returns the post as GetPost would read it.
func (s *Store) CreatePost(ctx context.Context, p content.Post) (content.Post, error) {
	row := toPostRow(p)
	if err := s.write(ctx).Omit("AuthorSlug", "AuthorName").Create(&row).Error; err != nil {
		return content.Post{}, translate(err, "create post")
	}
	if err := s.setPostTags(ctx, p); err != nil {
		return content.Post{}, err
	}
	return s.asStored(ctx, row, p.Tags)
}

// UpdatePost stores p if the stored version is still p.Version-1, so a
// concurrent change is never overwritten; otherwise ErrPreconditionFailed.
// It returns the post as GetPost would read it.
func (s *Store) UpdatePost(ctx context.Context, p content.Post) (content.Post, error) {
	row := toPostRow(p)
	res := s.write(ctx).Model(&postRow{}).Where("id = ? AND version = ?", p.ID, p.Version-1).
		Select("*").Omit("ID", "CreatedAt", "AuthorSlug", "AuthorName").Updates(&row)
	if res.Error != nil {
		return content.Post{}, translate(res.Error, "update post")
	}
	if res.RowsAffected == 0 {
		return content.Post{}, fmt.Errorf("update post %s: %w", p.ID, content.ErrPreconditionFailed)
	}
	if err := s.setPostTags(ctx, p); err != nil {
		return content.Post{}, err
	}
	return s.asStored(ctx, row, p.Tags)
}

// asStored is the post just written as row, as a read returns it, without
// reading back its 12 KB row: the row's fields converted as a read converts
// them, the author's slug and name (a read joins them), and tags, in order.
// TestWritesReturnThePostAsStored compares it with GetPost.
func (s *Store) asStored(ctx context.Context, row postRow, tags []content.TagRef) (content.Post, error) {
	var author struct{ Slug, Name string }
	if err := s.write(ctx).Table("users").Select("slug, name").Where("id = ?", row.AuthorID).
		Take(&author).Error; err != nil {
		return content.Post{}, translate(err, "get post author")
	}
	row.AuthorSlug, row.AuthorName = author.Slug, author.Name
	p := row.post()
	p.Tags = append(make([]content.TagRef, 0, len(tags)), tags...)
	return p, nil
}

func (s *Store) setPostTags(ctx context.Context, p content.Post) error {
	if err := s.write(ctx).Where("post_id = ?", p.ID).Delete(&postTagRow{}).Error; err != nil {
		return translate(err, "clear post tags")
	}
	if len(p.Tags) == 0 {
		return nil
	}
	var published *time.Time
	if p.Status == content.StatusPublished {
		published = utcPtr(p.PublishedAt)
	}
	rows := make([]postTagRow, len(p.Tags))
	for i, t := range p.Tags {
		rows[i] = postTagRow{PostID: p.ID, TagID: t.ID, Position: i, PublishedAt: published}
	}
	return translate(s.write(ctx).Create(&rows).Error, "link post tags")
}

// DeletePost removes the post with id; its tag links go with it.
func (s *Store) DeletePost(ctx context.Context, id string) error {
	res := s.write(ctx).Where("id = ?", id).Delete(&postRow{})
	if res.Error != nil {
		return translate(res.Error, "delete post")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("delete post %s: %w", id, content.ErrNotFound)
	}
	return nil
}

// PostSlugTaken reports whether slug belongs to a post other than exceptID.
func (s *Store) PostSlugTaken(ctx context.Context, slug, exceptID string) (bool, error) {
	var n int64
	err := s.write(ctx).Table("posts").Where("slug = ? AND id <> ?", slug, exceptID).Count(&n).Error
	return n > 0, translate(err, "check post slug")
}

// NextScheduled returns the earliest publish time after now of a published
// post, or the zero time when none is scheduled.
func (s *Store) NextScheduled(ctx context.Context, now time.Time) (time.Time, error) {
	var rows []struct{ PublishedAt time.Time }
	err := s.read(ctx).Table("posts").Select("published_at").
		Where("status = 'published' AND published_at > ?", now.UTC()).
		Order("published_at ASC").Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return time.Time{}, translate(err, "next scheduled post")
	}
	return rows[0].PublishedAt.UTC(), nil
}
