package content

import "context"

// Role is a user's permission level: admin > editor > author.
type Role string

// The roles, from most to least powerful.
const (
	RoleAdmin  Role = "admin"
	RoleEditor Role = "editor"
	RoleAuthor Role = "author"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleEditor || r == RoleAuthor
}

func (r Role) rank() int {
	switch r {
	case RoleAdmin:
		return 3
	case RoleEditor:
		return 2
	case RoleAuthor:
		return 1
	}
	return 0
}

// AtLeast reports whether r is as powerful as min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.rank() > 0 }

// Actor is the authenticated caller of a request.
type Actor struct {
	UserID string
	Role   Role
	// TokenID is set when the caller used a named API token.
	TokenID string
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx; ok is false for anonymous callers.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok && a.UserID != ""
}

// IsEditor reports whether the actor may manage everyone's content.
func (a Actor) IsEditor() bool { return a.Role.AtLeast(RoleEditor) }

// IsAdmin reports whether the actor may manage users and webhooks.
func (a Actor) IsAdmin() bool { return a.Role.AtLeast(RoleAdmin) }

// CanEditPost reports whether the actor may change or see the unpublished
// state of a post written by authorID.
func (a Actor) CanEditPost(authorID string) bool {
	return a.IsEditor() || (a.Role == RoleAuthor && a.UserID == authorID)
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying the request id, so events can record it.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id of ctx or "".
func RequestIDFrom(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}
