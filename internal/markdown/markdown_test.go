package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

var testRenderer = New()

func TestRenderHTML(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // substrings of the HTML
		not  []string // substrings that must not appear
	}{
		{"table", "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
			[]string{"<table>", "<th align=\"left\">a</th>", "<td align=\"right\">2</td>", "</table>"}, nil},
		{"strikethrough", "~~gone~~", []string{"<del>gone</del>"}, nil},
		{"task list", "- [x] done\n- [ ] todo\n",
			[]string{`<input checked="" disabled="" type="checkbox">`, `<input disabled="" type="checkbox">`}, nil},
		{"linkify", "see www.example.com now",
			[]string{`<a href="http://www.example.com" rel="nofollow noopener" target="_blank">www.example.com</a>`}, nil},
		{"external link", "[x](https://example.com/a?b=1&c=2)",
			[]string{`<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener" target="_blank">x</a>`}, nil},
		{"relative link", "[x](/about) [y](#intro) [z](../up)",
			[]string{`<a href="/about">x</a>`, `<a href="#intro">y</a>`, `<a href="../up">z</a>`}, []string{"rel=", "target="}},
		{"mailto link", "[m](mailto:a@example.com)", []string{`<a href="mailto:a@example.com">m</a>`}, []string{"target="}},
		{"image", `![alt](https://example.com/a.png "Title")`,
			[]string{`<img src="https://example.com/a.png" alt="alt" title="Title">`}, nil},
		{"relative image", "![alt](/img/a.png)", []string{`<img src="/img/a.png" alt="alt">`}, nil},
		{"mailto image dropped", "![alt](mailto:a@example.com)", []string{`<img alt="alt">`}, []string{"mailto"}},
		{"code language", "```go\nx := 1\n```", []string{`<pre><code class="language-go">x := 1`}, nil},
		{"code class from raw html", `<code class="evil">x</code>`, []string{"<code>x</code>"}, []string{"evil"}},
		{"heading id", "## Hello World", []string{`<h2 id="hello-world">Hello World</h2>`}, nil},
		{"raw heading id checked", `<h3 id="Bad Id">x</h3><p id="p">y</p>`, []string{"<h3>x</h3>", "<p>y</p>"}, []string{"id="}},
		{"raw html kept", "<details><summary>More</summary>\n\n*hidden*\n\n</details>",
			[]string{"<details><summary>More</summary>", "<em>hidden</em>", "</details>"}, nil},
		{"unclosed tags closed", "<div>open <b>bold", []string{"<div>open <b>bold", "</b></div>"}, nil},
		{"stray end tags dropped", "text</div></table></p>", []string{"<p>text</p>"}, []string{"</div>", "</table>"}},
		{"non-checkbox input dropped", `<input type="text" value="x"><input type="checkbox" checked>`,
			[]string{`<input checked="" disabled="" type="checkbox">`}, []string{"text", "value"}},
		{"entities", "&copy; &amp; &lt;b&gt;", []string{"© &amp; &lt;b&gt;"}, []string{"<b>"}},
		{"empty", "", nil, []string{"<"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testRenderer.Render(tt.src).HTML
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML lacks %q\nHTML: %s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("HTML contains %q\nHTML: %s", n, got)
				}
			}
		})
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, World!", "hello-world"},
		{"  --Intro--  ", "intro"},
		{"What's new?", "whats-new"},
		{"Café au lait", "cafe-au-lait"},
		{"Straße und Œuvre", "strasse-und-oeuvre"},
		{"C++ & Go", "c-go"},
		{"v1.2.3", "v1-2-3"},
		{"snake_case and kebab-case", "snake-case-and-kebab-case"},
		{"日本語", "section"},
		{"!!!", "section"},
		{"", "section"},
		{"ＦＵＬＬ width", "full-width"},
		{strings.Repeat("abc ", 100), strings.TrimRight(strings.Repeat("abc-", 16), "-")},
	}
	for _, tt := range tests {
		if got := slugify(tt.in); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTOCAndAnchors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Heading
	}{
		{"levels and text", "# One\n\n## Two *em* `code` [link](/x)\n\n###### Six\n\nSetext\n---\n",
			[]Heading{{1, "One", "one"}, {2, "Two em code link", "two-em-code-link"},
				{6, "Six", "six"}, {2, "Setext", "setext"}}},
		{"dedup", "# Intro\n# Intro\n# Intro 1\n# intro\n",
			[]Heading{{1, "Intro", "intro"}, {1, "Intro", "intro-1"}, {1, "Intro 1", "intro-1-1"}, {1, "intro", "intro-2"}}},
		{"empty headings", "#\n\n## !!!\n\n### 日本\n",
			[]Heading{{1, "", "section"}, {2, "!!!", "section-1"}, {3, "日本", "section-2"}}},
		{"entities and escapes", `## Fish &amp; Chips \*not\* <b>bold</b>`,
			[]Heading{{2, "Fish & Chips *not* bold", "fish-chips-not-bold"}}},
		{"nested in containers", "> ## Quoted\n\n- ## Listed\n",
			[]Heading{{2, "Quoted", "quoted"}, {2, "Listed", "listed"}}},
		{"raw html headings are not in the toc", "<h2>Raw</h2>\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := testRenderer.Render(tt.src)
			if !reflect.DeepEqual(doc.TOC, tt.want) {
				t.Fatalf("TOC = %+v\nwant  %+v", doc.TOC, tt.want)
			}
			for _, h := range doc.TOC {
				if !strings.Contains(doc.HTML, ` id="`+h.Anchor+`"`) {
					t.Errorf("HTML has no id %q\nHTML: %s", h.Anchor, doc.HTML)
				}
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("héllo wörld ", 40) // 480 runes
	tests := []struct{ name, src, want string }{
		{"first paragraph", "# Title\n\nFirst *para*\ngraph.\n\nSecond.", "First para graph."},
		{"entities decoded, markup removed", "Fish &amp; [chips](/x) &copy; `a<b>` <b>bold</b>", "Fish & chips © a<b> bold"},
		{"first paragraph inside a quote", "> Quoted text.\n\nLater.", "Quoted text."},
		{"skips image-only paragraph", "![logo](/a.png)\n\nReal text.", "Real text."},
		{"no paragraph: first text", "## Only a heading\n\n- item", "Only a heading"},
		{"tight list only", "- one\n- two", "one"},
		{"empty", "", ""},
		{"exactly 300 runes kept", strings.Repeat("é", 300), strings.Repeat("é", 300)},
		{"unicode cut on word boundary", long, strings.TrimSpace(strings.Repeat("héllo wörld ", 25)) + "…"},
		{"long word hard cut", strings.Repeat("ж", 400), strings.Repeat("ж", 299) + "…"},
		{"trailing punctuation dropped", strings.Repeat("ab, ", 100), strings.TrimSuffix(strings.Repeat("ab, ", 75), ", ") + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testRenderer.Render(tt.src).Excerpt
			if got != tt.want {
				t.Errorf("Excerpt = %q\nwant      %q", got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > maxExcerptRunes {
				t.Errorf("Excerpt has %d runes", n)
			}
		})
	}
}

func TestWordCountAndReadingTime(t *testing.T) {
	tests := []struct {
		name        string
		src         string
		words, mins int
	}{
		{"empty", "", 0, 0},
		{"blank", "   \n\n  ", 0, 0},
		{"one word", "word", 1, 1},
		{"markup is not a word", "**bold** _it_ [link](https://example.com) `code`", 4, 1},
		{"unicode", "héllo wörld 日本語 Привет", 4, 1},
		{"headings lists tables code", "# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| c | d |\n\n```\nx := 1\n```\n", 10, 1},
		{"image alt and raw html tags do not count", "![alt text](/a.png) <span>word</span>\n\n<div>\nblock html\n</div>", 1, 1},
		{"230 words", strings.Repeat("w ", 230), 230, 1},
		{"231 words", strings.Repeat("w ", 231), 231, 2},
		{"461 words", strings.Repeat("w ", 461), 461, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := testRenderer.Render(tt.src)
			if doc.WordCount != tt.words || doc.ReadingTime != tt.mins {
				t.Errorf("WordCount, ReadingTime = %d, %d; want %d, %d", doc.WordCount, doc.ReadingTime, tt.words, tt.mins)
			}
		})
	}
}

func TestReadingTime(t *testing.T) {
	for words, want := range map[int]int{0: 0, 1: 1, 229: 1, 230: 1, 231: 2, 460: 2, 461: 3, 2300: 10} {
		if got := readingTime(words); got != want {
			t.Errorf("readingTime(%d) = %d, want %d", words, got, want)
		}
	}
}

func TestHostileInputs(t *testing.T) {
	tests := []struct{ name, src string }{
		{"10,000 >", strings.Repeat(">", 10000) + " deep"},
		{"10,000 > lines", strings.Repeat("> ", 10000) + "x\n" + strings.Repeat(">", 5000) + "\n"},
		{"nested list lines", nestedList(700)},
		{"10,000 list markers on one line", strings.Repeat("1. ", 10000) + "x"},
		{"10,000 divs", strings.Repeat("<div>", 10000) + "x"},
		{"10,000 emphasis", strings.Repeat("*a ", 10000) + strings.Repeat("a* ", 10000)},
		{"invalid utf-8", "# \xff\xfe\n\n\xc3\x28 text \xed\xa0\x80 \x00"},
		{"nul bytes", strings.Repeat("\x00", 1000)},
		{"thematic break of 100 stars", strings.Repeat("* ", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := testRenderer.Render(tt.src)
			if err := checkDocument(doc); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func nestedList(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat(" ", 2*i) + "- item\n")
	}
	return b.String()
}

func TestContainerCap(t *testing.T) {
	deep := strings.Repeat("> ", 40) + "x"
	got := capContainers(deep)
	if want := strings.Repeat("> ", 32) + `\> ` + strings.Repeat("> ", 7) + "x"; got != want {
		t.Errorf("capContainers(40 quotes) = %q, want %q", got, want)
	}
	for _, keep := range []string{strings.Repeat("> ", 32) + "x", strings.Repeat("* ", 50), "plain\ntext\n"} {
		if got := capContainers(keep); got != keep {
			t.Errorf("capContainers(%q) = %q, want it unchanged", keep, got)
		}
	}
	if got := capContainers(strings.Repeat("1. ", 33)); !strings.HasSuffix(got, `1\. `) {
		t.Errorf("ordered marker not escaped: %q", got)
	}
}

func TestRenderConcurrent(t *testing.T) {
	srcs := append([]string{readPost(t)}, fuzzSeeds...)
	want := make([]Document, len(srcs))
	for i, s := range srcs {
		want[i] = testRenderer.Render(s)
	}
	fresh := New() // first used concurrently: no lazy initialisation may race
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i, s := range srcs {
				if got := fresh.Render(s); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("concurrent Render(%q) differs", s)
				}
			}
		})
	}
	wg.Wait()
}

func TestRenderPost(t *testing.T) {
	doc := testRenderer.Render(readPost(t))
	if err := checkDocument(doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.TOC) != 10 || doc.TOC[0] != (Heading{1, "Shipping a content API in Go", "shipping-a-content-api-in-go"}) ||
		doc.TOC[3] != (Heading{3, "Parsing", "parsing"}) {
		t.Errorf("TOC = %+v", doc.TOC)
	}
	if !strings.HasPrefix(doc.Excerpt, "Folio started as a weekend project: a headless blog engine") ||
		!strings.HasSuffix(doc.Excerpt, " browse the…") {
		t.Errorf("Excerpt = %q", doc.Excerpt)
	}
	if doc.WordCount != 807 || doc.ReadingTime != 4 {
		t.Errorf("WordCount, ReadingTime = %d, %d", doc.WordCount, doc.ReadingTime)
	}
	for _, want := range []string{`<a href="#the-implementation">the implementation</a>`, "<table>",
		`<code class="language-sql">`, `<del>strikethrough</del>`, `<a href="mailto:team@folio.example">`} {
		if !strings.Contains(doc.HTML, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestManyReferenceDefinitions(t *testing.T) {
	// More definitions than refWindow in one paragraph, one with its title
	// on the next line across the first window boundary, then plain text.
	var b strings.Builder
	for i := range 200 {
		if i == refWindow-1 {
			fmt.Fprintf(&b, "[d%d]: /u%d\n  \"t%d\"\n", i, i, i)
			continue
		}
		fmt.Fprintf(&b, "[d%d]: /u%d \"t%d\"\n", i, i, i)
	}
	b.WriteString("after the definitions\n\n[d0] [d63] [d64] [d199]\n")
	doc := testRenderer.Render(b.String())
	for _, want := range []string{
		"<p>after the definitions</p>",
		`<a href="/u0" title="t0">d0</a>`, `<a href="/u63" title="t63">d63</a>`,
		`<a href="/u64" title="t64">d64</a>`, `<a href="/u199" title="t199">d199</a>`,
	} {
		if !strings.Contains(doc.HTML, want) {
			t.Errorf("HTML lacks %q\nHTML: %s", want, doc.HTML)
		}
	}
	if strings.Contains(doc.HTML, "[d") || strings.Contains(doc.HTML, "t63") && !strings.Contains(doc.HTML, `title="t63"`) {
		t.Errorf("definition text leaked into HTML: %s", doc.HTML)
	}
}

func TestInlineBudget(t *testing.T) {
	// Each link costs the link parser two calls ("[" and "]"), so a block
	// gets maxInlineCalls/2 links; the rest stays literal text. Another
	// block starts with a fresh budget.
	src := strings.Repeat("[a](/x) ", 300) + "\n\n[b](/y)"
	html := testRenderer.Render(src).HTML
	if got, want := strings.Count(html, `<a href="/x">`), maxInlineCalls/2; got != want {
		t.Errorf("%d links rendered, want %d", got, want)
	}
	if !strings.Contains(html, "[a](/x)") || !strings.Contains(html, `<a href="/y">b</a>`) {
		t.Errorf("unexpected HTML tail: %s", html[len(html)-200:])
	}
}
