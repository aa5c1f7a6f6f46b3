// Package markdown turns the Markdown body of a post into sanitized HTML plus
// the metadata the API serves next to it: a table of contents, a plain-text
// excerpt, a word count and a reading time.
//
// The pipeline is: parse with goldmark (CommonMark plus the GFM extensions
// tables, strikethrough, autolinks and task lists), compute the metadata and
// heading anchors from the syntax tree, render to HTML, sanitize the HTML with
// bluemonday, and finally balance the tags so that the fragment can be pasted
// into any page template without closing or swallowing the template's own
// elements.
//
// Raw HTML written by authors is passed through goldmark (html.WithUnsafe).
// This is deliberate: authors of long-form posts legitimately use inline HTML
// such as <details>/<summary>, <kbd>, <sup>, <abbr> or <figure>, and goldmark's
// own "safe" mode is not a security boundary anyway (it only strips raw HTML
// and a few URL schemes). The security boundary is the bluemonday policy,
// which runs over everything goldmark emits, Markdown-generated or raw; see
// policy.go for exactly what it lets through.
package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
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
	// TOC lists every heading (levels 1 to 6) in document order. Each
	// Anchor equals the id attribute of the matching heading in HTML.
	TOC []Heading
	// Excerpt is the plain text of the first non-empty paragraph (or, when
	// the body has no paragraph, of the first block that has any text), with
	// entities decoded and whitespace collapsed. It is at most 300 runes; when
	// the text is longer it is cut on a word boundary and ends with "…".
	Excerpt string
	// WordCount is the number of whitespace-separated words in the plain text
	// of the whole body: paragraphs, headings, list items, table cells and
	// code blocks all count. Raw HTML and image alt text do not count.
	WordCount int
	// ReadingTime is ceil(WordCount/230) minutes; it is 0 only when the body
	// has no words.
	ReadingTime int
}

// Heading is one entry of a document's table of contents.
type Heading struct {
	// Level is the heading level, 1 to 6.
	Level int
	// Text is the plain text of the heading with whitespace collapsed.
	Text string
	// Anchor is the heading's id: lowercase ASCII letters, digits and single
	// dashes, unique within the document (duplicates get "-1", "-2", ...).
	// It is derived only from the heading text, so it is stable across
	// renders of the same body.
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
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(
				// Alignment as the align attribute: the sanitizer drops
				// style attributes, so the default style="text-align:..."
				// would be lost.
				extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute),
			),
			extension.Strikethrough,
			extension.Linkify,
			extension.TaskList,
		),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
	return &Renderer{md: md, policy: newPolicy()}
}

// Render converts the Markdown src into a Document. It never panics and
// accepts any input: invalid UTF-8 is replaced with U+FFFD, arbitrarily deep
// nesting is flattened in the HTML beyond maxDepth elements (the text is
// kept), and the metadata is computed without recursion.
func (r *Renderer) Render(src string) Document {
	if !utf8.ValidString(src) {
		src = strings.ToValidUTF8(src, "\uFFFD")
	}
	source := []byte(src)
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
