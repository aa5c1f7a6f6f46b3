package auth

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

func TestSignerRoundTripAndRefusals(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s, err := NewSigner([]byte(strings.Repeat("k", 32)), clock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewSigner([]byte("short"), clock); err == nil {
		t.Fatal("a 5-byte secret was accepted")
	}
	u := content.User{ID: content.NewID(), Role: content.RoleEditor, TokenVersion: 3}
	tok, exp, err := s.IssueAPI(u, "tok-1", now, time.Hour)
	if err != nil || !exp.Equal(now.Add(time.Hour)) {
		t.Fatalf("issue: %v %v", exp, err)
	}
	c, err := s.Verify(tok)
	if err != nil || c.Subject != u.ID || c.Role != content.RoleEditor || c.Ver != 3 || !c.API || c.ID != "tok-1" {
		t.Fatalf("verify: %+v %v", c, err)
	}
	other, _ := NewSigner([]byte(strings.Repeat("x", 32)), clock)
	if _, err := other.Verify(tok); err == nil {
		t.Fatal("a token from another secret verified")
	}
	now = now.Add(2 * time.Hour)
	if _, err := s.Verify(tok); err == nil {
		t.Fatal("an expired token verified")
	}
	if _, err := s.Verify(strings.Repeat("a.", 3000)); err == nil {
		t.Fatal("an oversized token verified")
	}
}

func TestHasher(t *testing.T) {
	h := NewHasher(1024)
	hash, err := h.Hash("correct horse battery staple")
	if err != nil || !strings.HasPrefix(hash, "$argon2id$") {
		t.Fatalf("hash %q: %v", hash, err)
	}
	if !h.Check("correct horse battery staple", hash) || h.Check("wrong", hash) || h.Check("anything", "") {
		t.Fatal("check answers wrongly")
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(10*time.Second, 3)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := l.Allow("a", now); !ok {
			t.Fatalf("attempt %d refused", i)
		}
	}
	ok, wait := l.Allow("a", now)
	if ok || wait <= 0 || wait > 10*time.Second || Seconds(wait) != 10 {
		t.Fatalf("4th attempt: %v %v", ok, wait)
	}
	if ok, _ := l.Allow("b", now); !ok {
		t.Fatal("another key shares the bucket")
	}
	if ok, _ := l.Allow("a", now.Add(10*time.Second)); !ok {
		t.Fatal("the bucket did not refill")
	}
}

// TestLimiterConcurrent is for the race detector.
func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(time.Millisecond, 5)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 500 {
				l.Allow(string(rune('a'+(i+j)%4)), time.Now())
			}
		})
	}
	wg.Wait()
}
