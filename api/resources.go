package api

import "time"

// Tag is a tag with its count of published posts.
type Tag struct {
	ID          string    `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9A"`
	Slug        string    `json:"slug" example:"architecture"`
	Name        string    `json:"name" example:"Architecture"`
	Description string    `json:"description" example:"How systems are put together."`
	PostCount   int       `json:"post_count" example:"12"`
	Version     int       `json:"version" example:"1"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
} // @name Tag

// TagCreate is the body of POST /v1/tags.
type TagCreate struct {
	Name        string  `json:"name" example:"Architecture"`
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
	Data []Tag    `json:"data"`
	Meta ListMeta `json:"meta"`
} // @name TagList

// Author is the public profile of a user.
type Author struct {
	ID        string `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9B"`
	Slug      string `json:"slug" example:"ada-lovelace"`
	Name      string `json:"name" example:"Ada Lovelace"`
	Bio       string `json:"bio"`
	AvatarURL string `json:"avatar_url"`
	PostCount int    `json:"post_count" example:"7"`
} // @name Author

// AuthorList is a page of authors.
type AuthorList struct {
	Data []Author `json:"data"`
	Meta ListMeta `json:"meta"`
} // @name AuthorList

// User is an account as admins and the user see it; never with a password.
type User struct {
	ID        string    `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9B"`
	Email     string    `json:"email" example:"ada@example.com"`
	Slug      string    `json:"slug" example:"ada-lovelace"`
	Name      string    `json:"name" example:"Ada Lovelace"`
	Bio       string    `json:"bio"`
	AvatarURL string    `json:"avatar_url"`
	Role      string    `json:"role" enums:"admin,editor,author" example:"author"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
} // @name User

// UserCreate is the body of POST /v1/users.
type UserCreate struct {
	Email     string  `json:"email" example:"ada@example.com"`
	Password  string  `json:"password" example:"correct horse battery staple"`
	Name      string  `json:"name" example:"Ada Lovelace"`
	Role      string  `json:"role" enums:"admin,editor,author" example:"author"`
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
	Data []User   `json:"data"`
	Meta ListMeta `json:"meta"`
} // @name UserList

// LoginRequest is the body of POST /v1/auth/login.
type LoginRequest struct {
	Email    string `json:"email" example:"admin@example.com"`
	Password string `json:"password" example:"change-me-now"`
} // @name LoginRequest

// AccessToken is a bearer token for the Authorization header.
type AccessToken struct {
	AccessToken string `json:"access_token" example:"eyJhbGciOiJIUzI1NiIs..."`
	TokenType   string `json:"token_type" example:"Bearer"`
	// Seconds until the token expires.
	ExpiresIn int `json:"expires_in" example:"3600"`
} // @name AccessToken

// APITokenCreate is the body of POST /v1/auth/tokens.
type APITokenCreate struct {
	Name string `json:"name" example:"deploy script"`
	// Lifetime in seconds; 90 days when absent, at most 5 years.
	ExpiresIn *int `json:"expires_in,omitempty" example:"2592000"`
} // @name APITokenCreate

// APIToken is a named token; token is present only in the response that created it.
type APIToken struct {
	ID        string     `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9D"`
	Name      string     `json:"name" example:"deploy script"`
	Token     *string    `json:"token,omitempty" example:"eyJhbGciOiJIUzI1NiIs..."`
	ExpiresAt time.Time  `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
} // @name APIToken

// APITokenList lists the caller's named tokens.
type APITokenList struct {
	Data []APIToken `json:"data"`
} // @name APITokenList

// Health is the body of /healthz and /readyz.
type Health struct {
	Status string `json:"status" example:"ok"`
	// Why the service is not ready, when it is not.
	Detail string `json:"detail,omitempty"`
} // @name Health
