// Package markdown turns the Markdown body of a post into sanitized HTML plus
// the metadata the API serves next to it: a table of contents, a plain-text
// excerpt, a word count and a reading time.
//
// The pipeline is: parse with goldmark (CommonMark plus the GFM extensions
// tables, strikethrough, autolinks and task lists), compute the metadata and
// heading anchors from the syntax tree, render to HTML, sanitize the HTML with
// bluemonday, and finally balance the tags so that the fragment can be pasted
// into any page template without closing or swallowing the template's own
// elements. goldmark is wrapped with limits (see engine.go and guard.go)
// that keep its cost linear on adversarial input.
//
// Raw HTML written by authors is passed through goldmark (html.WithUnsafe).
// This is deliberate: authors of long-form posts legitimately use inline HTML
// such as <details>/<summary>, <kbd>, <sup>, <abbr> or <figure>, and goldmark's
// own "safe" mode is not a security boundary anyway (it only strips raw HTML
// and a few URL schemes). The security boundary is the bluemonday policy,
// which runs over everything goldmark emits, Markdown-generated or raw; see
// policy.go for exactly what it lets through. One consequence: a raw HTML
// heading may carry an id in the anchor format, and nothing stops it from
// repeating a generated anchor.
package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"
)

// wordsPerMinute is the reading speed used to compute Document.ReadingTime.
const wordsPerMinute = 230

// Document is the rendered form of a post body.
type Document struct {
	// HTML is the sanitized, tag-balanced HTML fragment of the body. It
	// contains no scripts, event handlers, style attributes or URLs with
	// schemes other than http, https and mailto (or relative URLs).
	HTML string
	// TOC lists every Markdown heading (levels 1 to 6) in document order;
	// headings written as raw HTML are not listed. Each Anchor equals the id
	// attribute of the matching heading in HTML (unless the heading sits
	// more than 100 elements deep, where nesting is flattened).
	TOC []Heading
	// Excerpt is the plain text of the first non-empty paragraph (or, when
	// the body has no paragraph, of the first block that has any text), with
	// entities decoded and whitespace collapsed. It is at most 300 runes; when
	// the text is longer it is cut on a word boundary and ends with "…".
	// It is plain text, not HTML: it may contain "<" or "&" and must be
	// escaped like any other text before it is put into HTML.
	Excerpt string
	// WordCount is the number of whitespace-separated words in the plain text
	// of the whole body: paragraphs, headings, list items, table cells and
	// code blocks all count (readers read code too, and a count that skips
	// it underestimates technical posts). HTML blocks, the tags of inline
	// HTML and image alt text do not count.
	WordCount int
	// ReadingTime is ceil(WordCount/230) minutes; it is 0 only when the body
	// has no words.
	ReadingTime int
}

// Heading is one entry of a document's table of contents.
type Heading struct {
	// Level is the heading level, 1 to 6.
	Level int
	// Text is the plain text of the heading with whitespace collapsed. Like
	// Document.Excerpt it is not HTML and must be escaped for HTML output.
	Text string
	// Anchor is the heading's id: lowercase ASCII letters, digits and single
	// dashes, unique within the document (duplicates get "-1", "-2", ...).
	// It depends only on the heading's text and on the headings before it,
	// so the same body always yields the same anchors.
	Anchor string
}

// Renderer converts Markdown post bodies into Documents. It is safe for
// concurrent use by multiple goroutines; build one with New and share it,
// because construction compiles the sanitizer policy.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer configured with CommonMark, the GFM extensions
// (tables, strikethrough, autolinks, task lists) and the Folio sanitizer
// policy. Typographic substitutions are not enabled, so the text authors
// write is the text readers get.
func New() *Renderer {
	return &Renderer{md: newMarkdown(), policy: newPolicy()}
}

// Render converts the Markdown src into a Document. It never panics, accepts
// any input and takes time roughly linear in len(src) (about 0.1 s per MiB
// of ordinary Markdown, under 1 s per MiB for known adversarial patterns):
//
//   - invalid UTF-8 is replaced with U+FFFD before parsing;
//   - a line may open at most 32 nested blockquotes or list items; further
//     markers on that line are read as text;
//   - within one block (paragraph, heading, table cell, ...) each inline
//     parser runs at most 500 times; further links, code spans, emphasis
//     and raw HTML tags in that block are read as text;
//   - element nesting deeper than 100 is flattened in the HTML (the text is
//     kept), and unbalanced tags from raw HTML are closed or dropped.
//
// No real post reaches these limits.
func (r *Renderer) Render(src string) Document {
	if !utf8.ValidString(src) {
		src = strings.ToValidUTF8(src, "\uFFFD")
	}
	source := []byte(capContainers(src))
	root := r.md.Parser().Parse(text.NewReader(source))
	info := analyze(root, source)

	var buf bytes.Buffer
	buf.Grow(len(source) + len(source)/4)
	if err := r.md.Renderer().Render(&buf, source, root); err != nil {
		// The HTML renderer only fails when writing to buf fails, which
		// bytes.Buffer never does; return the metadata with no HTML rather
		// than a partial fragment.
		buf.Reset()
	}
	clean := r.policy.SanitizeReader(&buf)

	return Document{
		HTML:        balance(clean.Bytes()),
		TOC:         info.toc,
		Excerpt:     excerpt(info.excerpt, maxExcerptRunes),
		WordCount:   info.words,
		ReadingTime: readingTime(info.words),
	}
}

// readingTime returns the minutes needed to read words words: 0 for none,
// otherwise the ceiling of words/wordsPerMinute.
func readingTime(words int) int {
	if words <= 0 {
		return 0
	}
	return (words + wordsPerMinute - 1) / wordsPerMinute
}
