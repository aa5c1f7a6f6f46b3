package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits that keep goldmark's worst cases linear. goldmark is quadratic on
// some adversarial inputs (a megabyte of "[a](" takes minutes); these limits
// are far above anything a real post contains.
const (
	// maxInlineCalls is how many times each inline parser (links, code
	// spans, emphasis, ...) may run within one block (paragraph, heading,
	// table cell, ...). Past it, that parser's trigger characters in the
	// block are plain text. Every call can scan at most the rest of the
	// block, so a block of s bytes costs O(maxInlineCalls·s) instead of
	// O(s²).
	maxInlineCalls = 500
	// refWindow is how many lines of a paragraph goldmark's link reference
	// definition parser sees at once; it removes each definition from the
	// paragraph at a cost linear in the paragraph's line count.
	refWindow = 64
)

// newMarkdown assembles goldmark by hand instead of through its extensions,
// so that every inline parser can be wrapped in budgetedInline and the link
// reference transformer in windowedRefDefs. The result is CommonMark plus
// GFM tables, strikethrough, autolinks (linkify) and task lists.
func newMarkdown() goldmark.Markdown {
	inlines := append(parser.DefaultInlineParsers(),
		util.Prioritized(extension.NewStrikethroughParser(), 500),
		util.Prioritized(extension.NewTaskCheckBoxParser(), 0),
	)
	if len(inlines) > maxInlineParsers {
		panic("markdown: more inline parsers than inlineBudget can count")
	}
	for i, v := range inlines {
		inlines[i].Value = &budgetedInline{inner: v.Value.(parser.InlineParser), id: i}
	}
	// Linkify runs at every space, so it is not limited (long paragraphs
	// keep their autolinks). It is linear: each call scans at most one
	// anchored URL match, which is then consumed, or a bounded e-mail
	// address.
	inlines = append(inlines, util.Prioritized(extension.NewLinkifyParser(), 999))
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(
			util.Prioritized(windowedRefDefs{}, 100),
			util.Prioritized(extension.NewTableParagraphTransformer(), 200),
		),
		parser.WithASTTransformers(
			util.Prioritized(extension.NewTableASTTransformer(), 0),
		),
	)
	r := renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(html.WithUnsafe()), 1000),
		// Alignment as the align attribute: the sanitizer drops style
		// attributes, so the default style="text-align:..." would be lost.
		util.Prioritized(extension.NewTableHTMLRenderer(
			extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)), 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
		util.Prioritized(extension.NewTaskCheckBoxHTMLRenderer(), 500),
	))
	return goldmark.New(goldmark.WithParser(p), goldmark.WithRenderer(r))
}

// maxInlineParsers bounds the number of wrapped inline parsers.
const maxInlineParsers = 8

// budgetKey stores the per-parse *inlineBudget in the parser context.
var budgetKey = parser.NewContextKey()

// inlineBudget counts, for the block being parsed, the calls made to each
// wrapped inline parser.
type inlineBudget struct {
	block ast.Node
	calls [maxInlineParsers]int
}

// budgetedInline wraps an inline parser and stops calling it after
// maxInlineCalls calls within one block.
type budgetedInline struct {
	inner parser.InlineParser
	id    int
}

// Trigger returns the wrapped parser's trigger characters.
func (b *budgetedInline) Trigger() []byte { return b.inner.Trigger() }

// Parse runs the wrapped parser unless its budget for parent is spent, in
// which case it returns nil and goldmark keeps the character as text.
func (b *budgetedInline) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	budget, _ := pc.Get(budgetKey).(*inlineBudget)
	if budget == nil {
		budget = &inlineBudget{}
		pc.Set(budgetKey, budget)
	}
	if budget.block != parent {
		*budget = inlineBudget{block: parent}
	}
	if budget.calls[b.id] >= maxInlineCalls {
		return nil
	}
	budget.calls[b.id]++
	return b.inner.Parse(parent, block, pc)
}

// CloseBlock forwards to the wrapped parser when it is a CloseBlocker (the
// link parser uses it to turn unmatched brackets back into text).
func (b *budgetedInline) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := b.inner.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// windowedRefDefs runs goldmark's LinkReferenceParagraphTransformer on at
// most about refWindow lines at a time. Definitions are only recognised at
// the start of a paragraph and one after another, so the paragraph is fed
// to the transformer window by window while each window consists of
// definitions only. Windows end just before a line starting with "[" where
// possible, so that a definition's title on the following line stays in
// its window. The first window that does not start with a definition is
// doubled until it reaches the end of the paragraph or yields one, which
// also covers a long definition straddling a window boundary.
type windowedRefDefs struct{}

// Transform extracts the link reference definitions at the start of node.
func (windowedRefDefs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() <= refWindow {
		parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
		return
	}
	source := reader.Source()
	start, window := 0, refWindow
	for start < lines.Len() {
		end := windowEnd(lines, source, start, window)
		consumed := transformWindow(node, lines.Sliced(start, end), start == 0, reader, pc)
		switch {
		case consumed > 0:
			start += consumed
			window = refWindow
		case end == lines.Len():
			lines.SetSliced(start, lines.Len())
			return
		default:
			window *= 2
		}
	}
	node.Parent().RemoveChild(node.Parent(), node)
}

// windowEnd returns the end of the window that starts at line start: about
// window lines, moved forward by up to refWindow lines to just before a line
// that may start a definition.
func windowEnd(lines *text.Segments, source []byte, start, window int) int {
	end := min(start+window, lines.Len())
	for limit := min(end+refWindow, lines.Len()); end < limit; end++ {
		seg := lines.At(end)
		if line := util.TrimLeftSpace(seg.Value(source)); len(line) > 0 && line[0] == '[' {
			break
		}
	}
	return end
}

// transformWindow runs the reference transformer on a temporary paragraph
// made of segs, inserted just before node so that extracted definitions
// land in document order, and returns how many lines were definitions.
func transformWindow(node *ast.Paragraph, segs []text.Segment, first bool,
	reader text.Reader, pc parser.Context) int {
	parent := node.Parent()
	tmp := ast.NewParagraph()
	tmp.SetBlankPreviousLines(first && node.HasBlankPreviousLines())
	lines := text.NewSegments()
	lines.AppendAll(segs)
	tmp.SetLines(lines)
	parent.InsertBefore(parent, node, tmp)
	parser.LinkReferenceParagraphTransformer.Transform(tmp, reader, pc)
	if tmp.Parent() == nil {
		return len(segs)
	}
	consumed := len(segs) - tmp.Lines().Len()
	parent.RemoveChild(parent, tmp)
	return consumed
}
