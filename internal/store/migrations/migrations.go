// Package migrations holds the numbered, embedded schema steps of Folio, one
// folder per dialect. Each step is plain SQL frozen at the time it was
// written; a change to the schema is a new step, never an edit of an old one.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// FS returns the steps of one dialect: "sqlite" or "postgres".
func FS(dialect string) fs.FS {
	sub, err := fs.Sub(files, dialect)
	if err != nil {
		panic(err) // the folder names are compiled in; this cannot fail
	}
	return sub
}
