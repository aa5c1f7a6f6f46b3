package content

import (
	"sync"
	"testing"

	"golang.org/x/text/transform"
)

func TestSlugify(t *testing.T) {
	cases := map[string]string{
		"Hello, World!":                      "hello-world",
		"Building Scalable Systems: Lessons": "building-scalable-systems-lessons",
		"Café crème brûlée":                  "cafe-creme-brulee",
		"Straße":                             "strasse",
		"  --- ":                             "",
		"日本語":                                "",
		"a  b__c":                            "a-b-c",
	}
	for in, want := range cases {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
	long := Slugify(string(make([]byte, 0)) + "word " + string(repeat("abcdefghij ", 30)))
	if len(long) > MaxSlugLen || !IsSlug(long) {
		t.Fatalf("long slug %q (%d)", long, len(long))
	}
	if s := WithSuffix(long, 12); len(s) > MaxSlugLen || !IsSlug(s) {
		t.Fatalf("suffixed %q", s)
	}
}

func repeat(s string, n int) []byte {
	var b []byte
	for range n {
		b = append(b, s...)
	}
	return b
}

// TestSlugifyConcurrent guards against shared transformer state: run it with -race.
func TestSlugifyConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if Slugify("Crème brûlée über alles") != "creme-brulee-uber-alles" {
					t.Error("wrong slug under concurrency")
					return
				}
			}
		})
	}
	wg.Wait()
}

// FuzzSlugify checks that any text gives a valid slug or none, and that
// skipping the accent transform for ASCII text changes nothing.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Hello, World!", "Café crème", "Straße", "日本語", "a  b__c", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slugify(s)
		if got != "" && !IsSlug(got) {
			t.Fatalf("Slugify(%q) = %q, not a slug", s, got)
		}
		if IsASCII(s) {
			if plain, _, err := transform.String(stripMarks(), s); err != nil || plain != s {
				t.Fatalf("the accent transform changes ASCII %q into %q (%v)", s, plain, err)
			}
		}
	})
}

// BenchmarkSlugify: go test ./internal/content -run '^$' -bench Slugify
func BenchmarkSlugify(b *testing.B) {
	for _, in := range []string{"Building Scalable Systems: Lessons Learned", "Crème brûlée über alles"} {
		b.Run(map[bool]string{true: "ascii", false: "accents"}[IsASCII(in)], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Slugify(in)
			}
		})
	}
}
