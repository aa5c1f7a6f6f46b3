// Package auth issues and verifies Folio's JWTs and hashes passwords. It
// knows nothing of HTTP: the web layer hands it the bearer string.
package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/folio-cms/folio/internal/content"
)

// Token issuer and audience; a token minted for another service is refused.
const (
	Issuer   = "folio"
	Audience = "folio-api"
	typAT    = "at+jwt"
)

// Claims are what a Folio access token says about its bearer.
type Claims struct {
	Role content.Role `json:"role"`
	// Ver is the user's token version when the token was issued; bumping it
	// (password or role change) revokes every older token.
	Ver int `json:"ver"`
	// API marks a named API token, which can be revoked one by one.
	API bool `json:"api,omitempty"`
	jwt.RegisteredClaims
}

// Signer issues and verifies HS256 tokens with one secret. The algorithm is
// pinned: a token signed with any other algorithm, or none, is refused.
type Signer struct {
	key    []byte
	parser *jwt.Parser
}

// MinSecretLen is the shortest secret accepted (RFC 8725 §3.5: 256 bits).
const MinSecretLen = 32

// NewSigner returns a Signer for secret, which must be at least MinSecretLen
// bytes. now is the clock that expiry is checked against (nil: time.Now).
func NewSigner(secret []byte, now func() time.Time) (*Signer, error) {
	if now == nil {
		now = time.Now
	}
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("jwt secret must be at least %d bytes", MinSecretLen)
	}
	return &Signer{
		key: secret,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithIssuer(Issuer),
			jwt.WithAudience(Audience),
			jwt.WithLeeway(30*time.Second),
			jwt.WithTimeFunc(now),
		),
	}, nil
}

// Issue signs a token for user u valid for ttl. tokenID becomes the jti: the
// id of a named API token, or a fresh id for a login session.
func (s *Signer) Issue(u content.User, tokenID string, now time.Time, ttl time.Duration) (string, time.Time, error) {
	return s.issue(u, tokenID, now, ttl, false)
}

// IssueAPI signs a named API token; tokenID is the id of its record.
func (s *Signer) IssueAPI(u content.User, tokenID string, now time.Time, ttl time.Duration) (string, time.Time, error) {
	return s.issue(u, tokenID, now, ttl, true)
}

func (s *Signer) issue(u content.User, tokenID string, now time.Time, ttl time.Duration, api bool) (string, time.Time, error) {
	exp := now.Add(ttl).UTC().Truncate(time.Second)
	claims := Claims{
		Role: u.Role,
		Ver:  u.TokenVersion,
		API:  api,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   u.ID,
			Audience:  jwt.ClaimStrings{Audience},
			ExpiresAt: jwt.NewNumericDate(exp),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ID:        tokenID,
		},
	}
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	t.Header["typ"] = typAT
	signed, err := t.SignedString(s.key)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign token: %w", err)
	}
	return signed, exp, nil
}

// MaxTokenLen bounds the bearer string before any parsing work.
const MaxTokenLen = 4096

// ErrInvalidToken is any token that fails verification, whatever the reason.
var ErrInvalidToken = errors.New("invalid token")

// Verify checks signature, algorithm, type, issuer, audience, expiry and
// issue time, and returns the claims. Any failure is ErrInvalidToken.
func (s *Signer) Verify(raw string) (Claims, error) {
	if len(raw) > MaxTokenLen {
		return Claims{}, ErrInvalidToken
	}
	var c Claims
	t, err := s.parser.ParseWithClaims(raw, &c, func(t *jwt.Token) (any, error) {
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, ErrInvalidToken
		}
		if typ, _ := t.Header["typ"].(string); typ != typAT {
			return nil, ErrInvalidToken
		}
		return s.key, nil
	})
	if err != nil || !t.Valid || c.Subject == "" || c.ID == "" {
		return Claims{}, ErrInvalidToken
	}
	return c, nil
}
