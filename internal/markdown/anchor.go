package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

const (
	// emptyAnchor is the base anchor of headings whose text yields no
	// letter or digit.
	emptyAnchor = "section"
	// maxAnchorBytes caps the base anchor; a dedup suffix may follow it.
	maxAnchorBytes = 64
	// maxSlugInput caps how much heading text is looked at, so a giant
	// heading costs no more than a normal one.
	maxSlugInput = 512
)

// foldings spells out lowercase letters that do not decompose into an ASCII
// letter plus combining marks.
var foldings = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d",
	'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h", 'ŧ': "t",
}

// slugify returns the base anchor for a heading text: letters are lowercased
// and folded to ASCII where a fold exists (é becomes e, ß becomes ss),
// apostrophes are dropped, every other run of characters that is not an
// ASCII letter or digit becomes a single dash, and leading and trailing
// dashes are trimmed. The result is at most maxAnchorBytes long; it is
// emptyAnchor when nothing is left.
func slugify(s string) string {
	if len(s) > maxSlugInput {
		s = strings.ToValidUTF8(s[:maxSlugInput], "")
	}
	var b strings.Builder
	dash := false
	write := func(part string) {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(part)
	}
	for _, r := range norm.NFKD.String(s) {
		if b.Len() >= maxAnchorBytes {
			break
		}
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			write(string(r))
		case unicode.Is(unicode.Mn, r) || r == '\'' || r == '’':
			// Combining marks left by decomposition, and apostrophes
			// ("what's" becomes "whats").
		case foldings[r] != "":
			write(foldings[r])
		default:
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if len(out) > maxAnchorBytes {
		out = strings.TrimRight(out[:maxAnchorBytes], "-")
	}
	if out == "" {
		return emptyAnchor
	}
	return out
}

// anchorSet hands out unique anchors within one document.
type anchorSet struct {
	used map[string]bool
	// next remembers, per base, the last suffix handed out, so that n
	// identical headings cost O(n) rather than O(n²).
	next map[string]int
}

func newAnchorSet() *anchorSet {
	return &anchorSet{used: map[string]bool{}, next: map[string]int{}}
}

// unique returns the anchor for heading text: slugify(text) the first time a
// base is seen, then base-1, base-2, ... skipping anchors already taken by
// earlier headings (so "Intro", "Intro 1", "Intro" give intro, intro-1,
// intro-2).
func (s *anchorSet) unique(text string) string {
	base := slugify(text)
	if !s.used[base] {
		s.used[base] = true
		return base
	}
	for n := s.next[base] + 1; ; n++ {
		candidate := base + "-" + strconv.Itoa(n)
		if !s.used[candidate] {
			s.used[candidate] = true
			s.next[base] = n
			return candidate
		}
	}
}
