package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// forbiddenElements must never appear in rendered output.
var forbiddenElements = map[string]bool{
	"script": true, "iframe": true, "object": true, "embed": true, "style": true,
	"base": true, "meta": true, "form": true, "link": true, "frame": true,
	"frameset": true, "applet": true, "noscript": true, "noembed": true,
	"template": true, "textarea": true, "button": true, "select": true,
	"xmp": true, "plaintext": true, "svg": true, "math": true, "title": true,
}

// urlAttributes are the attributes whose value a browser may load or follow.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "cite": true,
	"background": true, "poster": true, "data": true, "codebase": true,
	"srcset": true, "lowsrc": true, "dynsrc": true, "longdesc": true,
}

var anchorPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// checkSafe parses out the way a browser would and reports the first element,
// attribute or URL that could run script or load something it should not.
func checkSafe(out string) error {
	if strings.Contains(strings.ToLower(out), "<script") {
		return fmt.Errorf("output contains <script")
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		return fmt.Errorf("output does not parse: %v", err)
	}
	var walkErr error
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if walkErr != nil {
			return
		}
		if n.Type == html.ElementNode {
			walkErr = checkElement(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return walkErr
}

// checkElement checks one element and its attributes.
func checkElement(n *html.Node) error {
	if n.Namespace != "" || forbiddenElements[n.Data] {
		return fmt.Errorf("forbidden element <%s> (namespace %q)", n.Data, n.Namespace)
	}
	isCheckbox := false
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case a.Namespace != "":
			return fmt.Errorf("namespaced attribute %s:%s on <%s>", a.Namespace, a.Key, n.Data)
		case strings.HasPrefix(key, "on"):
			return fmt.Errorf("event handler %s on <%s>", a.Key, n.Data)
		case key == "style" || key == "srcdoc" || key == "xmlns":
			return fmt.Errorf("attribute %s on <%s>", a.Key, n.Data)
		case key == "id" && !anchorPattern.MatchString(a.Val):
			return fmt.Errorf("id %q on <%s>", a.Val, n.Data)
		case key == "type" && n.Data == "input":
			isCheckbox = a.Val == "checkbox"
		case urlAttributes[key]:
			if err := checkURL(n.Data, key, a.Val); err != nil {
				return err
			}
		}
	}
	if n.Data == "input" && !isCheckbox {
		return fmt.Errorf("input that is not a check box")
	}
	return nil
}

// checkURL accepts relative URLs and the http, https and mailto schemes
// (http and https only for img src), after normalising the value the way
// browsers do: entities are already decoded by the parser, tabs and
// newlines are removed, surrounding control characters and spaces trimmed.
func checkURL(element, attr, val string) error {
	v := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, val)
	v = strings.ToLower(strings.TrimFunc(v, func(r rune) bool { return r <= ' ' }))
	scheme := ""
	if i := strings.IndexAny(v, ":/?#"); i >= 0 && v[i] == ':' {
		scheme = v[:i]
	}
	allowed := map[string]bool{"": true, "http": true, "https": true, "mailto": true}
	if element == "img" || attr == "src" {
		allowed["mailto"] = false
	}
	if !allowed[scheme] {
		return fmt.Errorf("%s=%q on <%s> has scheme %q", attr, val, element, scheme)
	}
	return nil
}

// checkDocument checks every property Render promises for any input.
func checkDocument(doc Document) error {
	if err := checkSafe(doc.HTML); err != nil {
		return err
	}
	if !utf8.ValidString(doc.HTML) || !utf8.ValidString(doc.Excerpt) {
		return fmt.Errorf("invalid UTF-8 in output")
	}
	if n := utf8.RuneCountInString(doc.Excerpt); n > maxExcerptRunes {
		return fmt.Errorf("excerpt has %d runes", n)
	}
	seen := map[string]bool{}
	for _, h := range doc.TOC {
		if !anchorPattern.MatchString(h.Anchor) || seen[h.Anchor] {
			return fmt.Errorf("bad or duplicate anchor %q", h.Anchor)
		}
		seen[h.Anchor] = true
		if h.Level < 1 || h.Level > 6 {
			return fmt.Errorf("heading level %d", h.Level)
		}
	}
	if doc.WordCount < 0 || doc.ReadingTime != readingTime(doc.WordCount) {
		return fmt.Errorf("words %d, reading time %d", doc.WordCount, doc.ReadingTime)
	}
	return nil
}

// xssPayloads are classic cross-site scripting vectors, as Markdown and as
// raw HTML.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`<img src=x onerror=alert(1)>`,
	`<img src="javascript:alert(1)">`,
	`<img srcset="javascript:alert(1) 1x" src="https://ok.example/a.png">`,
	`<IMG SRC=JaVaScRiPt:alert('XSS')>`,
	`[x](javascript:alert(1))`,
	`[x](JaVaScRiPt:alert(1))`,
	`[x](  javascript:alert(1))`,
	`[x](<javascript:alert(1)>)`,
	`[x](&#106;avascript:alert(1))`,
	`[x](&#x6A;avascript&#x3A;alert(1))`,
	`[x](java&#x09;script:alert(1))`,
	"[x]: javascript:alert(1)\n\n[click][x]",
	`![x](javascript:alert(1))`,
	`![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
	`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`<a href="data:text/html,<script>alert(1)</script>">x</a>`,
	`[x](vbscript:msgbox(1))`,
	`<javascript:alert(1)>`,
	`<a href="javascript&colon;alert(1)">x</a>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	"<a href=\"java\nscript:alert(1)\">x</a>",
	`<a href=" &#14; javascript:alert(1)">x</a>`,
	`<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<svg><style><img src=x onerror=alert(1)></style></svg>`,
	`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
	`<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>`,
	`<iframe src="https://evil.example"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<details open ontoggle=alert(1)>x</details>`,
	`<style>@import 'http://evil.example/x.css';</style>`,
	`<link rel="stylesheet" href="http://evil.example/x.css">`,
	`<form action="javascript:alert(1)"><input type="submit"></form>`,
	`<button formaction="javascript:alert(1)">x</button>`,
	`<input onfocus=alert(1) autofocus>`,
	`<base href="javascript:alert(1)//">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<body onload=alert(1)>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<table background="javascript:alert(1)"><tr><td>x</td></tr></table>`,
	`<video><source onerror="alert(1)"></video>`,
	`<!--<script>alert(1)</script>-->`,
	`<!-- --!><script>alert(1)</script> -->`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
	`<template><script>alert(1)</script></template>`,
	`<textarea><script>alert(1)</script></textarea>`,
	`<xmp><script>alert(1)</script></xmp>`,
	`[x](https://example.com "title\" onmouseover=\"alert(1)")`,
	`[x](https://example.com 'a" onclick="alert(1)')`,
	`![x](https://example.com/a.png "x\" onerror=\"alert(1)")`,
	`<a href="https://ok.example" onclick="alert(1)">x</a>`,
	`<h2 id="x onclick=alert(1)">x</h2>`,
	`<code class="language-go onmouseover=alert(1)">x</code>`,
	"```go onload=alert(1)\ncode\n```",
	"```\"><script>alert(1)</script>\ncode\n```",
	"`<script>alert(1)</script>`",
	`<a href="/ok" target="_self" rel="opener">x</a>`,
}

func TestXSSPayloads(t *testing.T) {
	r := New()
	if len(xssPayloads) < 25 {
		t.Fatalf("only %d payloads", len(xssPayloads))
	}
	for _, payload := range xssPayloads {
		for _, src := range []string{payload, "para " + payload + " tail", "- " + payload, "> " + payload} {
			doc := r.Render(src)
			if err := checkDocument(doc); err != nil {
				t.Errorf("Render(%q): %v\nHTML: %s", src, err, doc.HTML)
			}
		}
	}
}

func TestCheckSafeRejectsDangerousHTML(t *testing.T) {
	// The checker itself must catch what it is meant to catch.
	bad := []string{
		`<script>x</script>`,
		`<p onclick="x">x</p>`,
		`<a href="javascript:x">x</a>`,
		`<a href="java&#x09;script:x">x</a>`,
		`<a href=" JAVASCRIPT:x">x</a>`,
		`<img src="mailto:a@b.c">`,
		`<svg></svg>`,
		`<iframe></iframe>`,
		`<p style="color:red">x</p>`,
		`<input type="text">`,
		`<h1 id="Bad Id">x</h1>`,
	}
	for _, out := range bad {
		if checkSafe(out) == nil {
			t.Errorf("checkSafe(%q) = nil, want an error", out)
		}
	}
	if err := checkSafe(`<p><a href="/x">x</a> <a href="https://a.example">a</a> <a href="mailto:a@b.c">m</a></p>`); err != nil {
		t.Errorf("checkSafe rejected safe HTML: %v", err)
	}
}

// fuzzSeeds are Markdown samples covering every feature.
var fuzzSeeds = []string{
	"",
	"# Title\n\nSome *emphasis*, **strong**, `code` and a [link](https://example.com).",
	"| a | b |\n|:--|--:|\n| 1 | 2 |\n",
	"- [x] done\n- [ ] todo\n",
	"~~gone~~ www.example.com and mail@example.com",
	"```go\nfunc main() {}\n```\n",
	"Setext\n======\n\n## Intro\n## Intro\n##\n",
	"> quote\n> > nested\n\n1. one\n   - two\n",
	"[ref]\n\n[ref]: https://example.com \"title\"\n",
	"<details><summary>more</summary>\n\nhidden *text*\n\n</details>",
	"<div>unclosed <b>bold",
	"\xff\xfe invalid \x00 bytes",
	strings.Repeat(">", 100) + " deep",
	"&amp; &copy; &#x27; &#0; &bogus; \\* \\",
}

func FuzzRender(f *testing.F) {
	for _, s := range xssPayloads {
		f.Add(s)
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		doc := r.Render(src)
		if err := checkDocument(doc); err != nil {
			t.Fatalf("Render(%q): %v\nHTML: %s", src, err, doc.HTML)
		}
	})
}
