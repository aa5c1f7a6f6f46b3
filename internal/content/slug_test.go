package content

import (
	"sync"
	"testing"
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
