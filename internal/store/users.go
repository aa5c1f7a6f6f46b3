package store

import (
	"context"
	"fmt"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

type userRow struct {
	ID           string
	Email        string
	Slug         string
	Name         string
	Bio          string
	AvatarURL    string `gorm:"column:avatar_url"`
	Role         string
	PasswordHash string
	TokenVersion int
	CreatedAt    time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt    time.Time `gorm:"autoUpdateTime:false"`
}

func (userRow) TableName() string { return "users" }

func toUserRow(u content.User) userRow {
	return userRow{ID: u.ID, Email: u.Email, Slug: u.Slug, Name: u.Name, Bio: u.Bio, AvatarURL: u.AvatarURL,
		Role: string(u.Role), PasswordHash: u.PasswordHash, TokenVersion: u.TokenVersion,
		CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC()}
}

func (r userRow) user() content.User {
	return content.User{ID: r.ID, Email: r.Email, Slug: r.Slug, Name: r.Name, Bio: r.Bio, AvatarURL: r.AvatarURL,
		Role: content.Role(r.Role), PasswordHash: r.PasswordHash, TokenVersion: r.TokenVersion,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// CreateUser inserts u; a taken email or slug is ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u content.User) error {
	row := toUserRow(u)
	return translate(s.write(ctx).Create(&row).Error, "create user")
}

// UpdateUser stores every field of u.
func (s *Store) UpdateUser(ctx context.Context, u content.User) error {
	row := toUserRow(u)
	res := s.write(ctx).Model(&userRow{}).Where("id = ?", u.ID).Select("*").Omit("ID", "CreatedAt").Updates(&row)
	if res.Error != nil {
		return translate(res.Error, "update user")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("update user %s: %w", u.ID, content.ErrNotFound)
	}
	return nil
}

// DeleteUser removes a user and their tokens; a user who still has posts is ErrConflict.
func (s *Store) DeleteUser(ctx context.Context, id string) error {
	res := s.write(ctx).Where("id = ?", id).Delete(&userRow{})
	if res.Error != nil {
		return translate(res.Error, "delete user")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("delete user %s: %w", id, content.ErrNotFound)
	}
	return nil
}

// UserAuth is what checking a token needs of its user, the role and the
// token version, without the rest of the row. It reads as current does.
func (s *Store) UserAuth(ctx context.Context, id string) (content.Role, int, error) {
	var row struct {
		Role         string
		TokenVersion int
	}
	err := s.current(ctx).Table("users").Select("role, token_version").Where("id = ?", id).Take(&row).Error
	return content.Role(row.Role), row.TokenVersion, translate(err, "get user "+id)
}

// GetUser returns the user with id from the primary, so auth checks see the latest role.
func (s *Store) GetUser(ctx context.Context, id string) (content.User, error) {
	var row userRow
	err := s.write(ctx).Where("id = ?", id).Take(&row).Error
	return row.user(), translate(err, "get user")
}

// GetUserByEmail returns the user with the normalized email.
func (s *Store) GetUserByEmail(ctx context.Context, email string) (content.User, error) {
	var row userRow
	err := s.write(ctx).Where("email = ?", email).Take(&row).Error
	return row.user(), translate(err, "get user by email")
}

// ListUsers returns users by id (creation order) after the given id.
func (s *Store) ListUsers(ctx context.Context, limit int, afterID string) ([]content.User, error) {
	var rows []userRow
	q := s.write(ctx).Order("id ASC").Limit(limit) // admin reads: never behind a replica
	if afterID != "" {
		q = q.Where("id > ?", afterID)
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "list users")
	}
	out := make([]content.User, len(rows))
	for i, r := range rows {
		out[i] = r.user()
	}
	return out, nil
}

// CountUsers returns how many users exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int64
	err := s.write(ctx).Table("users").Count(&n).Error
	return int(n), translate(err, "count users")
}

// UserSlugTaken reports whether slug belongs to a user other than exceptID.
func (s *Store) UserSlugTaken(ctx context.Context, slug, exceptID string) (bool, error) {
	var n int64
	err := s.write(ctx).Table("users").Where("slug = ? AND id <> ?", slug, exceptID).Count(&n).Error
	return n > 0, translate(err, "check user slug")
}

const authorCountExpr = "(SELECT COUNT(*) FROM posts p WHERE p.author_id = users.id " +
	"AND p.status = 'published' AND p.published_at <= ?)"

type authorRow struct {
	ID        string
	Slug      string
	Name      string
	Bio       string
	AvatarURL string `gorm:"column:avatar_url"`
	PostCount int
}

func (r authorRow) author() content.Author {
	return content.Author{ID: r.ID, Slug: r.Slug, Name: r.Name, Bio: r.Bio, AvatarURL: r.AvatarURL, PostCount: r.PostCount}
}

const authorColumns = "users.id, users.slug, users.name, users.bio, users.avatar_url, "

// ListAuthors returns the public profiles of users, by slug or by count of
// posts published by now, after the keyset.
func (s *Store) ListAuthors(ctx context.Context, sort content.TagSort, now time.Time, limit int, after *content.Keyset) ([]content.Author, error) {
	q := s.read(ctx).Table("users").Select(authorColumns+authorCountExpr+" AS post_count", now.UTC())
	if sort == content.TagSortPostCount {
		q = s.read(ctx).Table("(?) AS users", q).Order("post_count DESC, id ASC")
		if after != nil {
			q = q.Where("(post_count < ? OR (post_count = ? AND id > ?))", int(after.Float), int(after.Float), after.ID)
		}
	} else {
		q = q.Order("users.slug ASC, users.id ASC")
		if after != nil {
			q = q.Where("(users.slug, users.id) > (?, ?)", after.Text, after.ID)
		}
	}
	var rows []authorRow
	if err := q.Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "list authors")
	}
	out := make([]content.Author, len(rows))
	for i, r := range rows {
		out[i] = r.author()
	}
	return out, nil
}

// GetAuthorBySlug returns one public profile with its count of posts published by now.
func (s *Store) GetAuthorBySlug(ctx context.Context, slug string, now time.Time) (content.Author, error) {
	var row authorRow
	err := s.read(ctx).Table("users").Select(authorColumns+authorCountExpr+" AS post_count", now.UTC()).
		Where("users.slug = ?", slug).Take(&row).Error
	return row.author(), translate(err, "get author "+slug)
}

// CountAdmins counts admins other than exceptID.
func (s *Store) CountAdmins(ctx context.Context, exceptID string) (int, error) {
	var n int64
	err := s.write(ctx).Table("users").Where("role = 'admin' AND id <> ?", exceptID).Count(&n).Error
	return int(n), translate(err, "count admins")
}
