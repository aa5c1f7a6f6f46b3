package store

import (
	"context"
	"fmt"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

type tokenRow struct {
	ID        string
	UserID    string
	Name      string
	ExpiresAt time.Time
	RevokedAt *time.Time
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (tokenRow) TableName() string { return "api_tokens" }

func (r tokenRow) token() content.APIToken {
	return content.APIToken{ID: r.ID, UserID: r.UserID, Name: r.Name, ExpiresAt: r.ExpiresAt.UTC(), RevokedAt: utcPtr(r.RevokedAt), CreatedAt: r.CreatedAt.UTC()}
}

// CreateToken records a named API token.
func (s *Store) CreateToken(ctx context.Context, t content.APIToken) error {
	row := tokenRow{ID: t.ID, UserID: t.UserID, Name: t.Name, ExpiresAt: t.ExpiresAt.UTC(), CreatedAt: t.CreatedAt.UTC()}
	return translate(s.write(ctx).Create(&row).Error, "create token")
}

// GetToken returns the token with id, reading as current does (a revocation counts at once).
func (s *Store) GetToken(ctx context.Context, id string) (content.APIToken, error) {
	var row tokenRow
	err := s.current(ctx).Where("id = ?", id).Take(&row).Error
	return row.token(), translate(err, "get token")
}

// ListTokens returns a user's tokens, newest first.
func (s *Store) ListTokens(ctx context.Context, userID string) ([]content.APIToken, error) {
	var rows []tokenRow
	if err := s.write(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, translate(err, "list tokens")
	}
	out := make([]content.APIToken, len(rows))
	for i, r := range rows {
		out[i] = r.token()
	}
	return out, nil
}

// RevokeToken marks a user's token revoked at now.
func (s *Store) RevokeToken(ctx context.Context, userID, id string, now time.Time) error {
	res := s.write(ctx).Model(&tokenRow{}).Where("id = ? AND user_id = ? AND revoked_at IS NULL", id, userID).
		Update("revoked_at", now.UTC())
	if res.Error != nil {
		return translate(res.Error, "revoke token")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("revoke token %s: %w", id, content.ErrNotFound)
	}
	return nil
}

// RevokeUserTokens revokes every live token of a user.
func (s *Store) RevokeUserTokens(ctx context.Context, userID string, now time.Time) error {
	err := s.write(ctx).Model(&tokenRow{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Update("revoked_at", now.UTC()).Error
	return translate(err, "revoke user tokens")
}
