package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// UserList is one page of users.
type UserList struct {
	Users      []content.User
	NextCursor string
}

// ListUsers returns users in creation order (admins only).
func (s *Service) ListUsers(ctx context.Context, page content.Page) (UserList, error) {
	if _, err := requireRole(ctx, content.RoleAdmin); err != nil {
		return UserList{}, err
	}
	after, err := s.decodeCursor("users", page.Cursor)
	if err != nil {
		return UserList{}, err
	}
	afterID := ""
	if after != nil {
		afterID = after.ID
	}
	users, err := s.store.ListUsers(ctx, page.Limit+1, afterID)
	if err != nil {
		return UserList{}, fmt.Errorf("list users: %w", err)
	}
	var out UserList
	out.Users, out.NextCursor = pageOf(s, "users", users, page.Limit, func(u content.User) content.Keyset {
		return content.Keyset{ID: u.ID}
	})
	return out, nil
}

// GetUser returns one user (admins, or the user themself).
func (s *Service) GetUser(ctx context.Context, id string) (content.User, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return content.User{}, err
	}
	if !a.IsAdmin() && a.UserID != id {
		return content.User{}, fmt.Errorf("read another user: %w", content.ErrForbidden)
	}
	if !content.IsID(id) {
		return content.User{}, content.BadParam("id", "must be a user id (ULID)")
	}
	return s.store.GetUser(ctx, id)
}

// Me returns the caller's own account.
func (s *Service) Me(ctx context.Context) (content.User, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return content.User{}, err
	}
	return s.store.GetUser(ctx, a.UserID)
}

// CreateUser adds an account (admins only) and appends user.created.
func (s *Service) CreateUser(ctx context.Context, in content.UserInput) (content.User, error) {
	if _, err := requireRole(ctx, content.RoleAdmin); err != nil {
		return content.User{}, err
	}
	if in.Email != nil {
		e := content.NormalizeEmail(*in.Email)
		in.Email = &e
	}
	if err := in.Validate(true); err != nil {
		return content.User{}, err
	}
	hash, err := s.hasher.Hash(*in.Password)
	if err != nil {
		return content.User{}, err
	}
	now := s.Now()
	u := content.User{ID: content.NewID(), Email: *in.Email, Name: strings.TrimSpace(*in.Name), Role: *in.Role,
		Bio: deref(in.Bio), AvatarURL: deref(in.AvatarURL), PasswordHash: hash, TokenVersion: 1, CreatedAt: now, UpdatedAt: now}
	err = s.inTx(ctx, func(tx *store.Store) error {
		if u.Slug, err = s.userSlug(ctx, tx, in.Slug, u.Name, u.ID); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			if errors.Is(err, content.ErrConflict) {
				return content.Public(err, "a user with this email or slug exists")
			}
			return err
		}
		return s.appendEvent(ctx, tx, content.EventUserCreated, "user", u.ID, u)
	})
	if err != nil {
		return content.User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

func (s *Service) userSlug(ctx context.Context, tx *store.Store, want *string, name, id string) (string, error) {
	if want != nil {
		taken, err := tx.UserSlugTaken(ctx, *want, id)
		if err == nil && taken {
			err = content.Public(content.ErrConflict, "slug %q is taken by another user", *want)
		}
		return *want, err
	}
	base := content.Slugify(name)
	if base == "" {
		base = "author"
	}
	for n := 1; ; n++ {
		slug := base
		if n > 1 {
			slug = content.WithSuffix(base, n)
		}
		taken, err := tx.UserSlugTaken(ctx, slug, id)
		if err != nil || !taken {
			return slug, err
		}
	}
}

// UpdateUser changes an account (admins only). A new password or role
// revokes every token the user holds. The last admin cannot be demoted.
func (s *Service) UpdateUser(ctx context.Context, id string, in content.UserInput) (content.User, error) {
	if _, err := requireRole(ctx, content.RoleAdmin); err != nil {
		return content.User{}, err
	}
	if in.Email != nil {
		e := content.NormalizeEmail(*in.Email)
		in.Email = &e
	}
	if err := in.Validate(false); err != nil {
		return content.User{}, err
	}
	var u content.User
	err := s.inTx(ctx, func(tx *store.Store) error {
		var err error
		if u, err = tx.GetUser(ctx, id); err != nil {
			return err
		}
		if err := s.applyUserInput(ctx, tx, &u, in); err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			if errors.Is(err, content.ErrConflict) {
				return content.Public(err, "a user with this email or slug exists")
			}
			return err
		}
		return s.appendEvent(ctx, tx, content.EventUserUpdated, "user", u.ID, u)
	})
	if err != nil {
		return content.User{}, fmt.Errorf("update user %s: %w", id, err)
	}
	return u, nil
}

func (s *Service) applyUserInput(ctx context.Context, tx *store.Store, u *content.User, in content.UserInput) error {
	revoke := false
	if in.Role != nil && *in.Role != u.Role {
		if u.Role == content.RoleAdmin {
			if err := s.keepOneAdmin(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		u.Role, revoke = *in.Role, true
	}
	if in.Password != nil {
		hash, err := s.hasher.Hash(*in.Password)
		if err != nil {
			return err
		}
		u.PasswordHash, revoke = hash, true
	}
	if in.Slug != nil {
		slug, err := s.userSlug(ctx, tx, in.Slug, u.Name, u.ID)
		if err != nil {
			return err
		}
		u.Slug = slug
	}
	setIf(&u.Email, in.Email)
	setIf(&u.Name, in.Name)
	setIf(&u.Bio, in.Bio)
	setIf(&u.AvatarURL, in.AvatarURL)
	u.UpdatedAt = s.Now()
	if revoke {
		u.TokenVersion++
		return tx.RevokeUserTokens(ctx, u.ID, u.UpdatedAt)
	}
	return nil
}

func (s *Service) keepOneAdmin(ctx context.Context, tx *store.Store, leaving string) error {
	n, err := tx.CountAdmins(ctx, leaving)
	if err != nil {
		return err
	}
	if n == 0 {
		return content.Public(content.ErrConflict, "the last admin cannot be demoted or deleted")
	}
	return nil
}

// DeleteUser removes an account and its tokens (admins only). A user who
// still has posts is ErrConflict: reassign or delete the posts first.
func (s *Service) DeleteUser(ctx context.Context, id string) error {
	if _, err := requireRole(ctx, content.RoleAdmin); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *store.Store) error {
		u, err := tx.GetUser(ctx, id)
		if err != nil {
			return err
		}
		if u.Role == content.RoleAdmin {
			if err := s.keepOneAdmin(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		if err := tx.DeleteUser(ctx, id); err != nil {
			if errors.Is(err, content.ErrConflict) {
				return content.Public(err, "the user still has posts; reassign or delete them first")
			}
			return err
		}
		return s.appendEvent(ctx, tx, content.EventUserDeleted, "user", u.ID, u)
	})
	if err != nil {
		return fmt.Errorf("delete user %s: %w", id, err)
	}
	return nil
}

// EnsureAdmin creates an admin with email and password when no user exists
// yet, and reports whether it did. It is how a new site gets its first account.
func (s *Service) EnsureAdmin(ctx context.Context, email, password string) (bool, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	role, name := content.RoleAdmin, "Admin"
	_, err = s.CreateUser(content.WithActor(ctx, SystemActor),
		content.UserInput{Email: &email, Password: &password, Name: &name, Role: &role})
	return err == nil, err
}
