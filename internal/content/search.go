package content

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Search limits keep a query cheap whatever the client sends.
const (
	MaxSearchTerms   = 16
	MaxSearchTermLen = 64
	MaxQueryLen      = 500
	// MinPrefixLen is the fewest characters a query's last word needs to
	// be matched as a prefix; a shorter one matches as a whole word. A
	// one-letter prefix begins a large share of any vocabulary, and both
	// databases answer a prefix by merging the index entries of every word
	// it begins: `q=l` took 1.1 s on SQLite at 100,000 posts.
	MinPrefixLen = 3
)

// IsPrefixTerm reports whether t, the last word of a query, is matched as
// a prefix (the words it begins) rather than as a whole word.
func IsPrefixTerm(t string) bool { return utf8.RuneCountInString(t) >= MinPrefixLen }

// SearchTerms splits a free-text query into the words search matches: runs
// of letters and digits, lower-cased. Operators, quotes and punctuation are
// dropped, so no client string can change the query's meaning.
func SearchTerms(q string) []string {
	var terms []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len([]rune(w)) > MaxSearchTermLen {
			w = string([]rune(w)[:MaxSearchTermLen])
		}
		terms = append(terms, w)
		if len(terms) == MaxSearchTerms {
			break
		}
	}
	return terms
}

// Snippet markers: the store wraps matches in these; MarkSnippet turns them
// into <mark> after escaping everything else.
const (
	SnippetOpen  = "\x01"
	SnippetClose = "\x02"
)

// MarkSnippet HTML-escapes raw search context and wraps the matches in
// <mark>, so the snippet is safe to insert as HTML.
func MarkSnippet(raw string) string {
	esc := html.EscapeString(raw)
	esc = strings.ReplaceAll(esc, SnippetOpen, "<mark>")
	return strings.ReplaceAll(esc, SnippetClose, "</mark>")
}
