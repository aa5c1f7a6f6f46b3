package content

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SnippetWords is how many words a search snippet holds at most.
const SnippetWords = 24

// snippetHits is how many matches Snippet considers before it stops
// reading: enough to find a window with every term in ordinary text, and a
// bound on the work for a word repeated through a long body.
const snippetHits = 16

// Snippet returns the search context of a match: up to SnippetWords words
// of the first text that holds one of terms, placed to hold as many
// different terms as it can (like FTS5's snippet), with each matched word
// wrapped in SnippetOpen and SnippetClose and "…" where the text was cut.
// Words are runs of letters and digits, compared case-insensitively; the
// last term matches every word it begins, as search does. It returns "" when
// no text holds a match.
//
// The store cuts snippets here on both databases rather than with FTS5's
// snippet() or PostgreSQL's ts_headline, which parse the whole body again
// for every row of a page: 50 µs for a 6 KB body in FTS5 (a third of a
// search page's cost), about 0.9 ms in ts_headline.
func Snippet(terms []string, texts ...string) string {
	if len(terms) == 0 {
		return ""
	}
	for _, text := range texts {
		if s, ok := snippetOf(terms, text); ok {
			return s
		}
	}
	return ""
}

// span is one word of a text: its bytes [start, end) and the index of the
// term it matches, or -1.
type span struct {
	start, end int
	term       int
}

func snippetOf(terms []string, text string) (string, bool) {
	var words []span
	hits, lastHit := 0, -1
	seen := make([]bool, len(terms))
	distinct := 0
	for i := 0; i < len(text); {
		start, end := nextWord(text, i)
		if start == end {
			break
		}
		i = end
		t := matchTerm(terms, text[start:end])
		words = append(words, span{start, end, t})
		if t >= 0 {
			hits++
			lastHit = len(words) - 1
			if !seen[t] {
				seen[t] = true
				distinct++
			}
		}
		// Enough read: every term seen, or snippetHits matches, and a
		// window's length past the last match.
		if (distinct == len(terms) || hits >= snippetHits) && len(words)-lastHit > SnippetWords {
			break
		}
	}
	if lastHit < 0 {
		return "", false
	}
	first, last := bestWindow(words, len(terms))
	var b strings.Builder
	b.Grow(words[last].end - words[first].start + 16)
	if first > 0 {
		b.WriteString("…")
	}
	pos := words[first].start
	for _, w := range words[first : last+1] {
		if w.term < 0 {
			continue
		}
		writeText(&b, text[pos:w.start])
		b.WriteString(SnippetOpen)
		writeText(&b, text[w.start:w.end])
		b.WriteString(SnippetClose)
		pos = w.end
	}
	writeText(&b, text[pos:words[last].end])
	if tail := text[words[last].end:]; last < len(words)-1 || hasWordAfter(tail, 0) {
		b.WriteString("…")
	} else if tail = strings.TrimRightFunc(tail, unicode.IsSpace); len(tail) <= 8 {
		writeText(&b, tail) // the closing punctuation of the text
	}
	return b.String(), true
}

// writeText writes s without the marker bytes, which only Snippet places.
func writeText(b *strings.Builder, s string) {
	for s != "" {
		i := strings.IndexAny(s, SnippetOpen+SnippetClose)
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		s = s[i+1:]
	}
}

// bestWindow picks the words [first, last] of the snippet: the window of
// SnippetWords words, starting up to two words before a match, that holds
// the most different terms (the earliest such window).
func bestWindow(words []span, nterms int) (first, last int) {
	best, bestCount := -1, 0
	seen := make([]bool, nterms)
	for i, w := range words {
		if w.term < 0 {
			continue
		}
		start := max(i-2, 0)
		end := min(start+SnippetWords, len(words))
		clear(seen)
		count := 0
		for _, x := range words[start:end] {
			if x.term >= 0 && !seen[x.term] {
				seen[x.term] = true
				count++
			}
		}
		if count > bestCount {
			best, bestCount = start, count
			if count == nterms {
				break
			}
		}
	}
	return best, min(best+SnippetWords, len(words)) - 1
}

// matchTerm returns the index of the term word matches, or -1: equal to
// one of terms, ignoring case, or beginning with the last when that is a
// prefix (IsPrefixTerm).
func matchTerm(terms []string, word string) int {
	for i, t := range terms {
		if len(word) < len(t) {
			continue
		}
		if strings.EqualFold(word, t) {
			return i
		}
		if i == len(terms)-1 && IsPrefixTerm(t) && isPrefixFold(word, t) {
			return i
		}
	}
	return -1
}

// isPrefixFold reports whether word begins with prefix, ignoring case, on
// rune boundaries.
func isPrefixFold(word, prefix string) bool {
	for prefix != "" {
		if word == "" {
			return false
		}
		r1, n1 := utf8.DecodeRuneInString(word)
		r2, n2 := utf8.DecodeRuneInString(prefix)
		if r1 != r2 && unicode.ToLower(r1) != unicode.ToLower(r2) {
			return false
		}
		word, prefix = word[n1:], prefix[n2:]
	}
	return true
}

// nextWord returns the bytes [start, end) of the first word at or after i,
// start == end when there is none.
func nextWord(text string, i int) (start, end int) {
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if isWordByte(c) {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			break
		}
		i += n
	}
	start = i
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if !isWordByte(c) {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			break
		}
		i += n
	}
	return start, i
}

func hasWordAfter(text string, i int) bool {
	start, end := nextWord(text, i)
	return start != end
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
