package content

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Tag groups posts; PostCount counts its published posts.
type Tag struct {
	ID          string    `json:"id"`
	Slug        string    `json:"slug"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	PostCount   int       `json:"post_count"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// TagInput is a tag create or patch; nil fields are unchanged.
type TagInput struct {
	Slug        *string
	Name        *string
	Description *string
}

// Validate checks the fields that are present; create also requires a name.
func (in TagInput) Validate(create bool) error {
	ve := &ValidationError{}
	if in.Name != nil || create {
		checkText(ve, "name", deref(in.Name), 1, MaxTagNameLen)
		if hasControl(deref(in.Name)) {
			ve.Add("name", "must not hold control characters")
		}
		if in.Name != nil && Slugify(*in.Name) == "" && in.Slug == nil {
			ve.Add("name", "needs at least one letter or digit")
		}
	}
	if in.Slug != nil && !IsSlug(*in.Slug) {
		ve.Add("slug", "must be lowercase a-z, 0-9 and single dashes, at most %d characters", MaxSlugLen)
	}
	if in.Description != nil {
		checkText(ve, "description", *in.Description, 0, MaxDescriptionLen)
	}
	return ve.Err()
}

// Author is the public profile of a user.
type Author struct {
	ID        string
	Slug      string
	Name      string
	Bio       string
	AvatarURL string
	PostCount int
}

// User is an account that can sign in and write.
type User struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"`
	Slug         string    `json:"slug"`
	Name         string    `json:"name"`
	Bio          string    `json:"bio"`
	AvatarURL    string    `json:"avatar_url"`
	Role         Role      `json:"role"`
	PasswordHash string    `json:"-"`
	TokenVersion int       `json:"token_version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// UserInput is a user create or patch; nil fields are unchanged.
type UserInput struct {
	Email     *string
	Password  *string
	Name      *string
	Role      *Role
	Slug      *string
	Bio       *string
	AvatarURL *string
}

// Password length limits; the upper one keeps hashing cheap to refuse.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// Validate checks the fields that are present; create also requires email, password, name and role.
func (in UserInput) Validate(create bool) error {
	ve := &ValidationError{}
	if in.Email != nil || create {
		e := deref(in.Email)
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || len(e) > 254 {
			ve.Add("email", "must be a plain email address")
		}
	}
	if in.Password != nil || create {
		n := utf8.RuneCountInString(deref(in.Password))
		if n < MinPasswordLen || len(deref(in.Password)) > MaxPasswordLen {
			ve.Add("password", "must be %d to %d characters", MinPasswordLen, MaxPasswordLen)
		}
	}
	if in.Name != nil || create {
		checkText(ve, "name", deref(in.Name), 1, 100)
	}
	if in.Role != nil || create {
		if !deref(in.Role).Valid() {
			ve.Add("role", "must be one of admin, editor, author")
		}
	}
	if in.Slug != nil && !IsSlug(*in.Slug) {
		ve.Add("slug", "must be lowercase a-z, 0-9 and single dashes, at most %d characters", MaxSlugLen)
	}
	if in.Bio != nil {
		checkText(ve, "bio", *in.Bio, 0, MaxDescriptionLen)
	}
	checkURL(ve, "avatar_url", in.AvatarURL)
	return ve.Err()
}

// NormalizeEmail lowercases and trims an address so lookups ignore case.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// APIToken is a named, revocable token for scripts.
type APIToken struct {
	ID        string
	UserID    string
	Name      string
	ExpiresAt time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

// Page is how far a list read goes: at most Limit items after Cursor.
type Page struct {
	Limit  int
	Cursor string
}
