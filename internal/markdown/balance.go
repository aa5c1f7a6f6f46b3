package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxDepth is the deepest element nesting kept in the output. Deeper start
// tags (and their end tags) are dropped while their text is kept. Browsers
// and golang.org/x/net/html stop building deeper trees at 512 open elements,
// and no legitimate post comes close to this limit.
const maxDepth = 100

// openTag is one entry of the open element stack kept by balance.
type openTag struct {
	name    string
	dropped bool // beyond maxDepth: neither the start nor the end tag is written
}

// balancer rewrites sanitized HTML into a fragment whose tags are balanced.
type balancer struct {
	out   strings.Builder
	stack []openTag
	open  map[string]int // number of stack entries per element name
	depth int            // number of written, still open elements
}

// balance returns src, which must be bluemonday output, with every element
// closed inside the fragment: end tags without a matching open element are
// dropped, elements left open are closed at the end, nesting beyond maxDepth
// is flattened, and every input element is rewritten to a canonical
// disabled check box (or dropped when it is not a check box). Raw HTML
// written by authors is otherwise free to leave a <div> or <table> open and
// swallow, or close, the page template around the post.
func balance(src []byte) string {
	b := &balancer{open: map[string]int{}}
	b.out.Grow(len(src) + 64)
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken:
			b.closeFrom(0)
			return b.out.String()
		case html.TextToken:
			b.out.Write(z.Raw())
		case html.StartTagToken, html.SelfClosingTagToken:
			b.start(z)
		case html.EndTagToken:
			b.end(tagName(z.Raw()))
		}
		// Comments and doctypes are dropped; bluemonday removes them
		// already.
	}
}

// start handles a start or self-closing tag.
func (b *balancer) start(z *html.Tokenizer) {
	raw := z.Raw()
	tag := tagName(raw)
	switch tag {
	case "input":
		_, hasAttr := z.TagName()
		b.writeCheckbox(z, hasAttr)
		return
	case "area", "br", "col", "hr", "img", "wbr":
		b.writeTag(raw)
		return
	}
	dropped := b.depth >= maxDepth
	b.stack = append(b.stack, openTag{name: tag, dropped: dropped})
	b.open[tag]++
	if !dropped {
		b.depth++
		b.writeTag(raw)
	}
}

// writeTag writes a start tag as a plain start tag: "<div/>" opens a div in
// HTML, so the misleading slash is removed.
func (b *balancer) writeTag(raw []byte) {
	if bytes.HasSuffix(raw, []byte("/>")) {
		b.out.Write(raw[:len(raw)-2])
		b.out.WriteByte('>')
		return
	}
	b.out.Write(raw)
}

// tagName returns the element name of a raw start or end tag as written by
// bluemonday (lowercase), without allocating for known HTML elements.
func tagName(raw []byte) string {
	name := bytes.TrimPrefix(raw[1:], []byte("/"))
	if i := bytes.IndexAny(name, " \t\n\f\r/>"); i >= 0 {
		name = name[:i]
	}
	if a := atom.Lookup(name); a != 0 {
		return a.String()
	}
	return string(name)
}

// end handles an end tag: it closes the innermost open element of that name
// and every element opened inside it, or is dropped when none is open.
func (b *balancer) end(name string) {
	if b.open[name] == 0 {
		return
	}
	i := len(b.stack) - 1
	for b.stack[i].name != name {
		i--
	}
	b.closeFrom(i)
}

// closeFrom closes the stack entries from index i to the top, innermost
// first.
func (b *balancer) closeFrom(i int) {
	for j := len(b.stack) - 1; j >= i; j-- {
		t := b.stack[j]
		b.open[t.name]--
		if t.dropped {
			continue
		}
		b.depth--
		b.out.WriteString("</")
		b.out.WriteString(t.name)
		b.out.WriteByte('>')
	}
	b.stack = b.stack[:i]
}

// writeCheckbox writes an input as a disabled check box, keeping only its
// checked state, or drops it when it is not type="checkbox".
func (b *balancer) writeCheckbox(z *html.Tokenizer, hasAttr bool) {
	isCheckbox, checked := false, false
	for hasAttr {
		var key, val []byte
		key, val, hasAttr = z.TagAttr()
		switch string(key) {
		case "type":
			isCheckbox = strings.EqualFold(string(val), "checkbox")
		case "checked":
			checked = true
		}
	}
	switch {
	case !isCheckbox:
	case checked:
		b.out.WriteString(`<input checked="" disabled="" type="checkbox">`)
	default:
		b.out.WriteString(`<input disabled="" type="checkbox">`)
	}
}
