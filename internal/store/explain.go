package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/folio-cms/folio/internal/content"
)

// ExplainListPosts returns the database's plan for the statement ListPosts
// runs for f, one line per step: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on
// PostgreSQL. It is how tests and operators check that lists use indexes.
func (s *Store) ExplainListPosts(ctx context.Context, f content.PostFilter) ([]string, error) {
	db := s.read(ctx)
	sqliteSearch := f.Query != "" && s.dialect == DialectSQLite
	var match string
	if sqliteSearch {
		var err error
		if match, _, err = s.ftsMatch(ctx, content.SearchTerms(f.Query)); err != nil {
			return nil, err
		}
	}
	sql := db.ToSQL(func(tx *gorm.DB) *gorm.DB {
		var rows []postRow
		if sqliteSearch && f.Sort == content.SortRelevance { // the ranked page of searchSQLite, when filters keep it from the index alone
			page := s.rankedPage(tx.Session(&gorm.Session{NewDB: true}), f, match, 0, rankStart)
			return s.searchQuery(tx, f, page, "s.k", rankOrder("s.k", "s.r")).Find(&rows)
		}
		if sqliteSearch { // the page statement of searchSQLite
			spec := s.sortFor(f)
			page := s.searchPage(tx.Session(&gorm.Session{NewDB: true}), f, match, spec.expr, spec.args).Scopes(s.keyset(f))
			return s.searchQuery(tx, f, page, "s.k", keyOrder(spec.desc)).Find(&rows)
		}
		return s.listQuery(tx, f).Find(&rows)
	})
	prefix, col := "EXPLAIN QUERY PLAN ", "detail"
	if s.dialect == DialectPostgres {
		prefix, col = "EXPLAIN ", "QUERY PLAN"
	}
	rows, err := db.Raw(prefix + sql).Rows()
	if err != nil {
		return nil, translate(err, "explain list posts")
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, c := range cols {
			if c == col {
				lines = append(lines, toString(vals[i]))
			}
		}
	}
	return lines, rows.Err()
}

func toString(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	}
	return ""
}
