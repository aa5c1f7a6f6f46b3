package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/cache"
	"github.com/folio-cms/folio/internal/config"
	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/obs"
	"github.com/folio-cms/folio/internal/service"
	"github.com/folio-cms/folio/internal/store"
)

// app is what every subcommand needs: the store, the service and a logger.
type app struct {
	cfg   config.Config
	log   *slog.Logger
	store *store.Store
	svc   *service.Service
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	return obs.NewLogger(w, cfg.LogFormat, cfg.LogLevel)
}

// openApp opens the database (migrating it) and builds the service.
func openApp(ctx context.Context, cfg config.Config, logw io.Writer) (*app, error) {
	log := newLogger(cfg, logw)
	secret, err := jwtSecret(cfg, log)
	if err != nil {
		return nil, err
	}
	signer, err := auth.NewSigner(secret, nil)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, store.Options{URL: cfg.DatabaseURL, ReplicaURL: cfg.ReplicaURL, Readers: cfg.DBPoolSize, Synchronous: cfg.SQLiteSync,
		SearchWindow: cfg.SearchWindow})
	if err != nil {
		return nil, err
	}
	svc := service.New(service.Options{Store: st, Signer: signer, Hasher: auth.NewHasher(cfg.PasswordMemKiB),
		CursorKey: cursorKey(secret), TokenTTL: cfg.TokenTTL, Webhooks: service.WebhookOptions{AllowPrivate: cfg.Webhooks.AllowPrivate},
		Cache: cache.New(cfg.CacheMaxBytes), Views: httpapi.RenderPostView})
	return &app{cfg: cfg, log: log, store: st, svc: svc}, nil
}

// jwtSecret returns the configured secret or, when none is set, the one kept
// in the data folder, creating it on first start.
func jwtSecret(cfg config.Config, log *slog.Logger) ([]byte, error) {
	if cfg.JWTSecret != "" {
		return []byte(cfg.JWTSecret), nil
	}
	path := filepath.Join(cfg.DataDir, "jwt-secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= auth.MinSecretLen {
		return []byte(strings.TrimSpace(string(b))), nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read jwt secret: %w", err)
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(buf)
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write jwt secret: %w", err)
	}
	log.Warn("FOLIO_JWT_SECRET is not set; generated one and kept it in the data folder", slog.String("path", path))
	return []byte(secret), nil
}

// cursorKey derives the cursor-signing key from the JWT secret, so cursors
// stay valid across restarts and instances without another setting.
func cursorKey(secret []byte) []byte {
	return append([]byte("folio-cursor-key:"), secret...)
}

func (a *app) Close() error { return a.store.Close() }
