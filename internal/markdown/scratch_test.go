package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestScratch(t *testing.T) {
	r := New()
	const M = 1 << 20
	cases := map[string]string{
		"quote":    strings.Repeat(">", M),
		"quote10k": strings.Repeat(">", 10000) + " hi",
		"quotelines": strings.Repeat(strings.Repeat(">", 100)+" x\n", M/103),
		"list":     strings.Repeat("- ", M/2),
		"listlines": func() string { var b strings.Builder; for i := 0; b.Len() < M; i++ { b.WriteString(strings.Repeat("  ", i%200) + "- x\n") }; return b.String() }(),
		"olist":    strings.Repeat("1. ", M/3),
		"star":     strings.Repeat("*", M),
		"stara":    strings.Repeat("*a", M/2),
		"under":    strings.Repeat("_a ", M/3),
		"bracket":  strings.Repeat("[", M),
		"brk2":     strings.Repeat("[a](", M/4),
		"brk3":     strings.Repeat("![", M/2),
		"lt":       strings.Repeat("<", M),
		"lta":      strings.Repeat("<a ", M/3),
		"div":      strings.Repeat("<div>", M/5),
		"b":        strings.Repeat("<b>", M/6) + strings.Repeat("</i>", M/8),
		"tick":     strings.Repeat("`", M),
		"ticks":    strings.Repeat("`a``", M/4),
		"pipe":     "|" + strings.Repeat("a|", M/4) + "\n|" + strings.Repeat("-|", M/4) + "\n",
		"tablerows": "|a|b|\n|-|-|\n" + strings.Repeat("|x|y|\n", M/6),
		"amp":      strings.Repeat("&", M),
		"ent":      strings.Repeat("&amp;", M/5),
		"bs":       strings.Repeat("\\", M),
		"nul":      strings.Repeat("\x00", M),
		"invalid":  strings.Repeat("\xff\xfe", M/2),
		"www":      strings.Repeat("www.a", M/5),
		"heading":  strings.Repeat("# a\n", M/4),
		"longhead": "# " + strings.Repeat("ab ", M/3),
		"emph":     strings.Repeat("*a **b ", M/7),
		"tildes":   strings.Repeat("~", M),
		"linkdef":  strings.Repeat("[a]: /u\n", M/8) + strings.Repeat("[a] ", M/4),
		"para":     strings.Repeat("word ", M/5),
		"task":     strings.Repeat("- [ ] x\n", M/8),
		"htmlcomment": strings.Repeat("<!--", M/4),
		"mixed":    strings.Repeat("> - *a* [b](c) `d`\n", M/20),
	}
	for name, s := range cases {
		start := time.Now()
		d := r.Render(s)
		fmt.Printf("%-12s %8d in %8d out %v\n", name, len(s), len(d.HTML), time.Since(start))
	}
}
