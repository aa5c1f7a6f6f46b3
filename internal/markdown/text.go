package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"
)

// maxExcerptRunes is the maximum length of Document.Excerpt, ellipsis
// included.
const maxExcerptRunes = 300

// docInfo is the metadata gathered from the syntax tree.
type docInfo struct {
	toc   []Heading
	words int
	// excerpt is the plain text of the first non-empty paragraph, or of the
	// first non-empty text block when there is no paragraph.
	excerpt       string
	fromParagraph bool
}

// analyze walks the block tree of a parsed document once. It sets the id
// attribute of every heading, builds the table of contents, counts words
// and picks the excerpt text. It does not recurse, so nesting depth is not
// limited by the goroutine stack.
func analyze(root ast.Node, source []byte) docInfo {
	var info docInfo
	anchors := newAnchorSet()
	pt := newPlainTexter(source)
	walk(root, func(n ast.Node) bool {
		var txt string
		switch n := n.(type) {
		case *ast.Heading:
			txt = collapse(pt.inline(n))
			anchor := anchors.unique(txt)
			n.SetAttributeString("id", []byte(anchor))
			info.toc = append(info.toc, Heading{Level: n.Level, Text: txt, Anchor: anchor})
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			txt = linesText(n, source)
		case *ast.HTMLBlock:
			return false
		default:
			if !hasInlineChildren(n) {
				return true
			}
			txt = pt.inline(n)
		}
		info.words += countWords(txt)
		info.offerExcerpt(txt, n.Kind() == ast.KindParagraph)
		return false
	})
	return info
}

// offerExcerpt records txt as the excerpt source if it is the first
// non-empty paragraph, or the first non-empty text while no paragraph has
// been seen.
func (info *docInfo) offerExcerpt(txt string, paragraph bool) {
	if info.fromParagraph || (info.excerpt != "" && !paragraph) {
		return
	}
	if strings.TrimSpace(txt) == "" {
		return
	}
	info.excerpt = txt
	info.fromParagraph = paragraph
}

// hasInlineChildren reports whether n is a block whose content is inline
// (paragraphs, tight list item text, table cells, ...).
func hasInlineChildren(n ast.Node) bool {
	c := n.FirstChild()
	return n.Type() == ast.TypeBlock && c != nil && c.Type() == ast.TypeInline
}

// walk calls visit for every descendant of root in document order. When
// visit returns false the node's children are skipped. It uses the parent
// and sibling links instead of recursion.
func walk(root ast.Node, visit func(ast.Node) bool) {
	n := root.FirstChild()
	for n != nil {
		if visit(n) && n.FirstChild() != nil {
			n = n.FirstChild()
			continue
		}
		for n != root && n.NextSibling() == nil {
			n = n.Parent()
		}
		if n == root {
			return
		}
		n = n.NextSibling()
	}
}

// linesText returns the raw lines of a code block.
func linesText(n ast.Node, source []byte) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(source))
	}
	return b.String()
}

// plainTexter extracts the text a reader sees from inline nodes, resolving
// backslash escapes and entities exactly as goldmark's HTML renderer does.
type plainTexter struct {
	source []byte
	tmp    bytes.Buffer
	w      *bufio.Writer
}

func newPlainTexter(source []byte) *plainTexter {
	pt := &plainTexter{source: source}
	pt.w = bufio.NewWriter(&pt.tmp)
	return pt
}

// inline returns the plain text of the inline descendants of block. Soft and
// hard line breaks become spaces; raw HTML, images and task check boxes
// contribute nothing.
func (pt *plainTexter) inline(block ast.Node) string {
	var b strings.Builder
	walk(block, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Text:
			value := n.Segment.Value(pt.source)
			if n.IsRaw() || n.Parent().Kind() == ast.KindCodeSpan {
				b.Write(value)
			} else {
				b.WriteString(pt.decode(value))
			}
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if n.IsRaw() || n.IsCode() {
				b.Write(n.Value)
			} else {
				b.WriteString(pt.decode(n.Value))
			}
		case *ast.AutoLink:
			b.Write(n.Label(pt.source))
		case *ast.RawHTML, *ast.Image:
			return false
		}
		return true
	})
	return b.String()
}

// decode resolves backslash escapes and character references in Markdown
// text. It reuses goldmark's writer, which HTML-escapes its output, and then
// unescapes that output.
func (pt *plainTexter) decode(value []byte) string {
	if bytes.IndexAny(value, "\\&\x00") < 0 {
		return string(value)
	}
	pt.tmp.Reset()
	html.DefaultWriter.Write(pt.w, value)
	_ = pt.w.Flush()
	return stdhtml.UnescapeString(pt.tmp.String())
}

// collapse trims s and replaces every run of whitespace with one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// countWords returns len(strings.Fields(s)) without allocating.
func countWords(s string) int {
	words, inWord := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			inWord = false
		} else if !inWord {
			inWord = true
			words++
		}
	}
	return words
}

// excerpt collapses the whitespace of s and shortens it to at most max
// runes. A shortened excerpt is cut at the last space that leaves room for
// "…", drops trailing punctuation, and ends with "…"; a first word longer
// than the limit is cut mid-word.
func excerpt(s string, max int) string {
	s = collapse(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	limit := max - 1 // room for the ellipsis
	cut := 0         // byte offset just after rune number limit
	for i := range s {
		if limit == 0 {
			cut = i
			break
		}
		limit--
	}
	head := s[:cut]
	if s[cut] != ' ' {
		if sp := strings.LastIndexByte(head, ' '); sp > 0 {
			head = head[:sp]
		}
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	})
	if head == "" {
		head = s[:cut]
	}
	return head + "…"
}
