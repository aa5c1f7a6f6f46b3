package api

import "time"

// Tag is a tag with its count of published posts.
type Tag struct {
	ID          string    `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9A" validate:"required"`
	Slug        string    `json:"slug" example:"architecture" validate:"required"`
	Name        string    `json:"name" example:"Architecture" validate:"required"`
	Description string    `json:"description" example:"How systems are put together." validate:"required"`
	PostCount   int       `json:"post_count" example:"12" validate:"required"`
	Version     int       `json:"version" example:"1" validate:"required"`
	CreatedAt   time.Time `json:"created_at" validate:"required"`
	UpdatedAt   time.Time `json:"updated_at" validate:"required"`
} // @name Tag

// TagCreate is the body of POST /v1/tags.
type TagCreate struct {
	Name        string  `json:"name" example:"Architecture" validate:"required"`
	Slug        *string `json:"slug,omitempty" example:"architecture"`
	Description *string `json:"description,omitempty"`
} // @name TagCreate

// TagPatch is a merge patch of a tag.
type TagPatch struct {
	Name        *string `json:"name,omitempty"`
	Slug        *string `json:"slug,omitempty"`
	Description *string `json:"description,omitempty" extensions:"x-nullable"`
} // @name TagPatch

// TagList is a page of tags.
type TagList struct {
	Data []Tag    `json:"data" validate:"required"`
	Meta ListMeta `json:"meta" validate:"required"`
} // @name TagList

// Author is the public profile of a user.
type Author struct {
	ID        string `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9B" validate:"required"`
	Slug      string `json:"slug" example:"ada-lovelace" validate:"required"`
	Name      string `json:"name" example:"Ada Lovelace" validate:"required"`
	Bio       string `json:"bio" validate:"required"`
	AvatarURL string `json:"avatar_url" validate:"required"`
	PostCount int    `json:"post_count" example:"7" validate:"required"`
} // @name Author

// AuthorList is a page of authors.
type AuthorList struct {
	Data []Author `json:"data" validate:"required"`
	Meta ListMeta `json:"meta" validate:"required"`
} // @name AuthorList

// User is an account as admins and the user see it; never with a password.
type User struct {
	ID        string    `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9B" validate:"required"`
	Email     string    `json:"email" example:"ada@example.com" validate:"required"`
	Slug      string    `json:"slug" example:"ada-lovelace" validate:"required"`
	Name      string    `json:"name" example:"Ada Lovelace" validate:"required"`
	Bio       string    `json:"bio" validate:"required"`
	AvatarURL string    `json:"avatar_url" validate:"required"`
	Role      string    `json:"role" enums:"admin,editor,author" example:"author" validate:"required"`
	CreatedAt time.Time `json:"created_at" validate:"required"`
	UpdatedAt time.Time `json:"updated_at" validate:"required"`
} // @name User

// UserCreate is the body of POST /v1/users.
type UserCreate struct {
	Email     string  `json:"email" example:"ada@example.com" validate:"required"`
	Password  string  `json:"password" example:"correct horse battery staple" validate:"required"`
	Name      string  `json:"name" example:"Ada Lovelace" validate:"required"`
	Role      string  `json:"role" enums:"admin,editor,author" example:"author" validate:"required"`
	Slug      *string `json:"slug,omitempty"`
	Bio       *string `json:"bio,omitempty"`
	AvatarURL *string `json:"avatar_url,omitempty"`
} // @name UserCreate

// UserPatch is a merge patch of a user; a new password or role revokes the user's tokens.
type UserPatch struct {
	Email     *string `json:"email,omitempty"`
	Password  *string `json:"password,omitempty"`
	Name      *string `json:"name,omitempty"`
	Role      *string `json:"role,omitempty" enums:"admin,editor,author"`
	Slug      *string `json:"slug,omitempty"`
	Bio       *string `json:"bio,omitempty" extensions:"x-nullable"`
	AvatarURL *string `json:"avatar_url,omitempty" extensions:"x-nullable"`
} // @name UserPatch

// UserList is a page of users.
type UserList struct {
	Data []User   `json:"data" validate:"required"`
	Meta ListMeta `json:"meta" validate:"required"`
} // @name UserList

// LoginRequest is the body of POST /v1/auth/login.
type LoginRequest struct {
	Email    string `json:"email" example:"admin@example.com" validate:"required"`
	Password string `json:"password" example:"change-me-now" validate:"required"`
} // @name LoginRequest

// AccessToken is a bearer token for the Authorization header.
type AccessToken struct {
	AccessToken string `json:"access_token" example:"eyJhbGciOiJIUzI1NiIs..." validate:"required"`
	TokenType   string `json:"token_type" example:"Bearer" validate:"required"`
	// Seconds until the token expires.
	ExpiresIn int `json:"expires_in" example:"3600" validate:"required"`
} // @name AccessToken

// APITokenCreate is the body of POST /v1/auth/tokens.
type APITokenCreate struct {
	Name string `json:"name" example:"deploy script" validate:"required"`
	// Lifetime in seconds; 90 days when absent, at most 5 years.
	ExpiresIn *int `json:"expires_in,omitempty" example:"2592000"`
} // @name APITokenCreate

// APIToken is a named token; token is present only in the response that created it.
type APIToken struct {
	ID        string     `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9D" validate:"required"`
	Name      string     `json:"name" example:"deploy script" validate:"required"`
	Token     *string    `json:"token,omitempty" example:"eyJhbGciOiJIUzI1NiIs..."`
	ExpiresAt time.Time  `json:"expires_at" validate:"required"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	CreatedAt time.Time  `json:"created_at" validate:"required"`
} // @name APIToken

// APITokenList lists the caller's named tokens.
type APITokenList struct {
	Data []APIToken `json:"data" validate:"required"`
} // @name APITokenList

// Health is the body of /healthz and /readyz.
type Health struct {
	Status string `json:"status" example:"ok" validate:"required"`
	// Why the service is not ready, when it is not.
	Detail string `json:"detail,omitempty"`
} // @name Health
