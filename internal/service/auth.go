package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/content"
)

// AccessToken is a signed bearer token and when it expires.
type AccessToken struct {
	Token     string
	ExpiresAt time.Time
	TTL       time.Duration
}

// Login checks an email and password and returns a short-lived token.
// Attempts are limited per account and per client address; the answer to a
// wrong password and to an unknown account is the same, in content and time.
func (s *Service) Login(ctx context.Context, email, password, clientAddr string) (AccessToken, error) {
	email = content.NormalizeEmail(email)
	now := s.clock()
	for _, lim := range []struct {
		l   *auth.Limiter
		key string
	}{{s.byAddress, clientAddr}, {s.byAccount, email}} {
		if ok, wait := lim.l.Allow(lim.key, now); !ok {
			return AccessToken{}, &content.RateLimitError{RetryAfterSeconds: auth.Seconds(wait)}
		}
	}
	bad := content.Public(content.ErrUnauthorized, "wrong email or password")
	if len(password) > content.MaxPasswordLen {
		return AccessToken{}, bad
	}
	u, err := s.store.GetUserByEmail(ctx, email)
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		return AccessToken{}, fmt.Errorf("login: %w", err)
	}
	if !s.hasher.Check(password, u.PasswordHash) {
		return AccessToken{}, bad
	}
	tok, exp, err := s.signer.Issue(u, content.NewID(), now, s.tokenTTL)
	if err != nil {
		return AccessToken{}, err
	}
	return AccessToken{Token: tok, ExpiresAt: exp, TTL: s.tokenTTL}, nil
}

// Authenticate verifies a bearer token and returns its actor. The user must
// still exist with the token version the token was issued under, and a named
// API token must not be revoked, so password and role changes, deletions and
// revocations take effect at once.
func (s *Service) Authenticate(ctx context.Context, raw string) (content.Actor, error) {
	c, err := s.signer.Verify(raw)
	if err != nil {
		return content.Actor{}, content.ErrUnauthorized
	}
	role, version, err := s.store.UserAuth(ctx, c.Subject)
	if errors.Is(err, content.ErrNotFound) || (err == nil && version != c.Ver) {
		return content.Actor{}, content.ErrUnauthorized
	}
	if err != nil {
		return content.Actor{}, fmt.Errorf("authenticate: %w", err)
	}
	a := content.Actor{UserID: c.Subject, Role: role}
	if c.API {
		t, err := s.store.GetToken(ctx, c.ID)
		if err != nil || t.RevokedAt != nil || t.UserID != c.Subject {
			return content.Actor{}, content.ErrUnauthorized
		}
		a.TokenID = t.ID
	}
	return a, nil
}

// Token limits of named API tokens.
const (
	DefaultAPITokenTTL = 90 * 24 * time.Hour
	MaxAPITokenTTL     = 5 * 365 * 24 * time.Hour
)

// NewAPIToken is a just-created named token; Token is shown only this once.
type NewAPIToken struct {
	content.APIToken
	Token string
}

// CreateAPIToken issues a named, revocable token for the caller.
func (s *Service) CreateAPIToken(ctx context.Context, name string, ttl time.Duration) (NewAPIToken, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return NewAPIToken{}, err
	}
	return s.issueAPIToken(ctx, a.UserID, name, ttl)
}

// CreateAPITokenFor issues a named token for the user with email; it is
// for the operator's command line and needs the system actor.
func (s *Service) CreateAPITokenFor(ctx context.Context, email, name string, ttl time.Duration) (NewAPIToken, error) {
	if _, err := requireRole(ctx, content.RoleAdmin); err != nil {
		return NewAPIToken{}, err
	}
	u, err := s.store.GetUserByEmail(ctx, content.NormalizeEmail(email))
	if err != nil {
		return NewAPIToken{}, err
	}
	return s.issueAPIToken(ctx, u.ID, name, ttl)
}

func (s *Service) issueAPIToken(ctx context.Context, userID, name string, ttl time.Duration) (NewAPIToken, error) {
	ve := &content.ValidationError{}
	if len(name) == 0 || len(name) > 100 {
		ve.Add("name", "must be 1 to 100 characters")
	}
	if ttl == 0 {
		ttl = DefaultAPITokenTTL
	}
	if ttl < time.Minute || ttl > MaxAPITokenTTL {
		ve.Add("expires_in", "must be between 60 seconds and 5 years")
	}
	if err := ve.Err(); err != nil {
		return NewAPIToken{}, err
	}
	u, err := s.store.GetUser(ctx, userID)
	if err != nil {
		return NewAPIToken{}, err
	}
	now := s.Now()
	t := content.APIToken{ID: content.NewID(), UserID: u.ID, Name: name, CreatedAt: now}
	raw, exp, err := s.signer.IssueAPI(u, t.ID, now, ttl)
	if err != nil {
		return NewAPIToken{}, err
	}
	t.ExpiresAt = exp
	if err := s.store.CreateToken(ctx, t); err != nil {
		return NewAPIToken{}, fmt.Errorf("create token: %w", err)
	}
	return NewAPIToken{APIToken: t, Token: raw}, nil
}

// ListAPITokens returns the caller's named tokens, without their secrets.
func (s *Service) ListAPITokens(ctx context.Context) ([]content.APIToken, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	return s.store.ListTokens(ctx, a.UserID)
}

// RevokeAPIToken revokes one of the caller's named tokens.
func (s *Service) RevokeAPIToken(ctx context.Context, id string) error {
	a, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if !content.IsID(id) {
		return content.BadParam("id", "must be a token id (ULID)")
	}
	return s.store.RevokeToken(ctx, a.UserID, id, s.Now())
}
