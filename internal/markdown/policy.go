package markdown

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

var (
	// headingID matches the anchors produced by anchorSet; nothing else may
	// appear in an id attribute.
	headingID = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	// codeLanguage matches the class goldmark puts on fenced code blocks
	// (```go becomes class="language-go"), a hint for client-side
	// syntax highlighters.
	codeLanguage = regexp.MustCompile(`^language-[A-Za-z0-9_+#.-]{1,40}$`)
	// imageSource allows http and https URLs and URLs with no scheme at all
	// (relative, root-relative or protocol-relative). A URL has a scheme
	// exactly when a ':' comes before any '/', '?' or '#'.
	imageSource = regexp.MustCompile(`^(?:(?i:https?):|[^:/?#]*(?:[/?#]|$))`)
	// checkbox restricts <input> to the disabled check boxes emitted for GFM
	// task lists.
	checkbox  = regexp.MustCompile(`^(?i:checkbox)$`)
	boolEmpty = regexp.MustCompile(`^$`)
)

// newPolicy returns the sanitizer policy for post bodies.
//
// It is bluemonday's UGCPolicy rebuilt call by call, with these changes:
//
//   - id is allowed only on h1-h6 and only in the anchor format
//     (UGCPolicy allows a loosely checked id on every element, which would
//     let raw HTML forge or clobber anchors anywhere);
//   - img src is limited to http, https and scheme-less URLs (UGCPolicy also
//     accepts mailto there);
//   - rel="nofollow" is added only to fully qualified (external) links, which
//     also get target="_blank" and rel="noopener"; relative and mailto links
//     get neither, so internal navigation stays in the same tab and keeps its
//     link equity;
//   - code may carry class="language-xxx", kbd is allowed, and input is
//     allowed as a task-list check box (balance then rewrites every input to
//     a canonical disabled check box, dropping any other kind of input).
//
// Like UGCPolicy it allows no script, style, iframe, object, embed, form,
// base or meta element, no on* attribute, no style attribute, and only the
// http, https and mailto URL schemes (plus relative URLs) in href, src and
// cite. Comments are dropped.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	allowUGCAttributesAndURLs(p)
	allowUGCStructure(p)
	allowUGCPhrasing(p)
	allowFolioExtras(p)
	return p
}

// allowUGCAttributesAndURLs applies UGCPolicy's global attribute and URL
// rules, except the global id and the nofollow on every link.
func allowUGCAttributesAndURLs(p *bluemonday.Policy) {
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,20}$`)).Globally()
	p.AllowAttrs("title").Matching(bluemonday.Paragraph).Globally()

	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("mailto", "http", "https")
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
}

// allowUGCStructure applies UGCPolicy's sectioning, block, list, table and
// image rules.
func allowUGCStructure(p *bluemonday.Policy) {
	p.AllowElements("article", "aside", "figure", "section", "summary", "hgroup")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`(?i)^(|open)$`)).OnElements("details")
	p.AllowElements("h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("cite").OnElements("blockquote")
	p.AllowElements("br", "div", "hr", "p", "span", "wbr")

	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("name").Matching(regexp.MustCompile(`^([\p{L}\p{N}_-]+)$`)).OnElements("map")
	p.AllowAttrs("alt").Matching(bluemonday.Paragraph).OnElements("area")
	p.AllowAttrs("coords").Matching(regexp.MustCompile(`^([0-9]+,)+[0-9]+$`)).OnElements("area")
	p.AllowAttrs("href").OnElements("area")
	p.AllowAttrs("rel").Matching(bluemonday.SpaceSeparatedTokens).OnElements("area")
	p.AllowAttrs("shape").Matching(regexp.MustCompile(`(?i)^(default|circle|rect|poly)$`)).OnElements("area")
	p.AllowAttrs("usemap").Matching(regexp.MustCompile(`(?i)^#[\p{L}\p{N}_-]+$`)).OnElements("img")

	p.AllowLists()
	p.AllowTables()

	p.AllowAttrs("align").Matching(bluemonday.ImageAlign).OnElements("img")
	p.AllowAttrs("alt").Matching(bluemonday.Paragraph).OnElements("img")
	p.AllowAttrs("height", "width").Matching(bluemonday.NumberOrPercent).OnElements("img")
	p.AllowAttrs("src").Matching(imageSource).OnElements("img")
}

// allowUGCPhrasing applies UGCPolicy's inline (phrasing content) rules.
func allowUGCPhrasing(p *bluemonday.Policy) {
	p.AllowElements("abbr", "acronym", "cite", "code", "dfn", "em",
		"figcaption", "mark", "s", "samp", "strong", "sub", "sup", "var")
	p.AllowAttrs("cite").OnElements("q")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("time")
	p.AllowElements("b", "i", "pre", "small", "strike", "tt", "u")
	p.AllowAttrs("dir").Matching(bluemonday.Direction).OnElements("bdi", "bdo")
	p.AllowElements("rp", "rt", "ruby")
	p.AllowAttrs("cite").Matching(bluemonday.Paragraph).OnElements("del", "ins")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("del", "ins")
	p.AllowAttrs("value", "min", "max", "low", "high", "optimum").
		Matching(bluemonday.Number).OnElements("meter")
	p.AllowAttrs("value", "max").Matching(bluemonday.Number).OnElements("progress")
}

// allowFolioExtras adds what the Markdown renderer needs beyond UGCPolicy:
// heading anchors, code language hints and task-list check boxes.
func allowFolioExtras(p *bluemonday.Policy) {
	p.AllowAttrs("id").Matching(headingID).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("class").Matching(codeLanguage).OnElements("code")
	p.AllowElements("kbd")
	p.AllowAttrs("type").Matching(checkbox).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(boolEmpty).OnElements("input")
}
