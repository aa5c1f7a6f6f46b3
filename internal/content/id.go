package content

import (
	"crypto/rand"
	"regexp"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"
)

// NewID returns a new ULID string: sortable by creation time and unique
// without coordination between instances.
func NewID() string {
	return ulid.MustNew(ulid.Timestamp(time.Now()), rand.Reader).String()
}

// IsID reports whether s is a canonical ULID (26 Crockford base32 characters, upper case).
func IsID(s string) bool {
	if len(s) != ulid.EncodedSize || strings.ToUpper(s) != s {
		return false
	}
	_, err := ulid.ParseStrict(s)
	return err == nil
}

// ParseID returns s as an ID or a ValidationError naming field.
func ParseID(field, s string) (string, error) {
	if !IsID(s) {
		return "", Invalid(field, "must be a ULID")
	}
	return s, nil
}

// MaxSlugLen is the longest slug allowed.
const MaxSlugLen = 120

var slugRe = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// IsSlug reports whether s is a valid slug: lowercase a-z0-9 words joined by single dashes, at most 120 characters.
func IsSlug(s string) bool {
	return len(s) > 0 && len(s) <= MaxSlugLen && slugRe.MatchString(s)
}
