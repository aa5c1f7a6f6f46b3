package content

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// stripMarks returns a transformer that drops accents. Transformers keep
// state, so each call needs its own.
func stripMarks() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// Slugify derives a slug from free text: accents are dropped, anything that
// is not a-z or 0-9 becomes a dash, and the result is cut at a word boundary
// to MaxSlugLen. It returns "" when nothing usable remains.
func Slugify(s string) string {
	plain := s
	if !IsASCII(s) { // ASCII has no marks to strip, and most titles and tags are ASCII
		var err error
		if plain, _, err = transform.String(stripMarks(), s); err != nil {
			plain = s
		}
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(plain) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r == 'ß':
			b.WriteString("ss")
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > MaxSlugLen {
		out = out[:MaxSlugLen]
		if i := strings.LastIndexByte(out, '-'); i > MaxSlugLen/2 {
			out = out[:i]
		}
		out = strings.Trim(out, "-")
	}
	return out
}

// IsASCII reports whether s is plain ASCII: no byte of a multi-byte rune.
func IsASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// WithSuffix returns slug with "-n" appended, shortening slug so the result
// stays within MaxSlugLen.
func WithSuffix(slug string, n int) string {
	suffix := "-" + itoa(n)
	if len(slug)+len(suffix) > MaxSlugLen {
		slug = strings.TrimRight(slug[:MaxSlugLen-len(suffix)], "-")
	}
	return slug + suffix
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
