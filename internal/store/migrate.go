package store

import (
	"context"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/folio-cms/folio/internal/store/migrations"
)

func (s *Store) provider() (*goose.Provider, error) {
	db, err := s.w.DB()
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if s.dialect == DialectPostgres {
		dialect = goose.DialectPostgres
	}
	return goose.NewProvider(dialect, db, migrations.FS(s.dialect))
}

// Migrate applies every pending migration step.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.provider()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrationsPending reports whether the schema is behind the binary.
func (s *Store) MigrationsPending(ctx context.Context) (bool, error) {
	p, err := s.provider()
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}
