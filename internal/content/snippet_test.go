package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler words here ", 20)
	cases := []struct {
		name  string
		terms []string
		texts []string
		want  string
	}{
		{"exact word, whole short text", []string{"cache"}, []string{"A cache in front."},
			"A \x01cache\x02 in front."},
		{"case-insensitive", []string{"cache"}, []string{"Cache rules"}, "\x01Cache\x02 rules"},
		{"last term is a prefix", []string{"cach"}, []string{"caching helps"}, "\x01caching\x02 helps"},
		{"a short last term is a whole word", []string{"go"}, []string{"gophers go"}, "gophers \x01go\x02"},
		{"earlier terms are whole words", []string{"cach", "x"}, []string{"caching x"}, "caching \x01x\x02"},
		{"no match", []string{"kubernetes"}, []string{"nothing here"}, ""},
		{"falls through to the next text", []string{"title"}, []string{"body text", "the title"}, "the \x01title\x02"},
		{"cut on both sides", []string{"needle"}, []string{long + "a needle " + long},
			"…here a \x01needle\x02 filler words here filler words here filler words here filler words here filler words here filler words here filler words here…"},
		{"prefers the window with more terms", []string{"alpha", "beta"},
			[]string{"alpha " + long + "alpha beta."}, "…words here \x01alpha\x02 \x01beta\x02."},
		{"words are letters and digits", []string{"v2"}, []string{"use v2-api (v2)"}, "use \x01v2\x02-api (\x01v2\x02)"},
		{"non-ASCII words", []string{"café"}, []string{"Le CAFÉ noir"}, "Le \x01CAFÉ\x02 noir"},
	}
	for _, c := range cases {
		if got := Snippet(c.terms, c.texts...); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestSnippetLength(t *testing.T) {
	text := strings.Repeat("latency word ", 2000)
	got := Snippet([]string{"latency"}, text)
	words := strings.Fields(strings.NewReplacer(SnippetOpen, "", SnippetClose, "", "…", "").Replace(got))
	if len(words) != SnippetWords {
		t.Fatalf("snippet has %d words, want %d: %q", len(words), SnippetWords, got)
	}
}

// FuzzSnippet checks that any text and terms give a snippet made of the
// text's own bytes, markers and ellipses, with balanced markers around
// matching words, and no panic.
func FuzzSnippet(f *testing.F) {
	f.Add("cache index", "The cache index is warm; caching helps.")
	f.Add("ü", "Über \xff straße ü")
	f.Add("a b c", strings.Repeat("a b c d ", 100))
	f.Fuzz(func(t *testing.T, q, text string) {
		terms := SearchTerms(q)
		got := Snippet(terms, text)
		if len(terms) == 0 && got != "" {
			t.Fatalf("snippet without terms: %q", got)
		}
		if strings.Count(got, SnippetOpen) != strings.Count(got, SnippetClose) {
			t.Fatalf("unbalanced markers: %q", got)
		}
		plain := strings.NewReplacer(SnippetOpen, "", SnippetClose, "").Replace(got)
		plain = strings.TrimPrefix(strings.TrimSuffix(plain, "…"), "…")
		if !strings.Contains(strings.NewReplacer(SnippetOpen, "", SnippetClose, "").Replace(text), plain) {
			t.Fatalf("snippet %q is not a piece of %q", got, text)
		}
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 from valid text: %q", got)
		}
	})
}
