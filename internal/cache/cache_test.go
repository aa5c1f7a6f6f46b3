package cache

import (
	"fmt"
	"sync"
	"testing"
)

func TestInvalidateBySurrogateKey(t *testing.T) {
	c := New(1 << 20)
	c.Set("/v1/posts", &Entry{Body: []byte("list"), Keys: []string{"posts"}}, c.Gen())
	c.Set("/v1/posts/a", &Entry{Body: []byte("a"), Keys: []string{"post:a", "tag:go"}}, c.Gen())
	c.Set("/v1/tags", &Entry{Body: []byte("tags"), Keys: []string{"tags"}}, c.Gen())
	if n := c.Invalidate("tag:go"); n != 1 {
		t.Fatalf("tag:go dropped %d entries", n)
	}
	for key, want := range map[string]bool{"/v1/posts": true, "/v1/posts/a": false, "/v1/tags": true} {
		if _, ok := c.Get(key); ok != want {
			t.Errorf("%s cached = %v, want %v", key, ok, want)
		}
	}
	var off *Cache // a nil cache is off and safe to use
	off.Set("k", &Entry{}, off.Gen())
	if _, ok := off.Get("k"); ok || New(0) != nil {
		t.Fatal("the off cache holds something")
	}
}

// TestConcurrentUse is for the race detector: readers, fillers and
// invalidations at once.
func TestConcurrentUse(t *testing.T) {
	c := New(64 << 10)
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 2000 {
				key := fmt.Sprintf("/v1/posts?page=%d", (g*31+i)%200)
				switch i % 5 {
				case 0:
					c.Invalidate("posts", fmt.Sprintf("post:%d", i%10))
				case 1, 2:
					c.Set(key, &Entry{Body: make([]byte, 500), Keys: []string{"posts", fmt.Sprintf("post:%d", i%10)}}, c.Gen())
				default:
					c.Get(key)
				}
			}
		})
	}
	wg.Wait()
	if st := c.Stats(); st.Bytes > 64<<10 {
		t.Fatalf("%d bytes held, bound 64 KiB", st.Bytes)
	}
}
