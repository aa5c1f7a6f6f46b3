package obs

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func TestLogBufferFlushesOnTickAndClose(t *testing.T) {
	var out lockedBuffer
	b := NewLogBuffer(&out, 20*time.Millisecond)
	logger := NewLogger(b, "json", "info")
	logger.Info("first")
	if strings.Contains(out.String(), "first") {
		t.Fatal("a line reached the writer before a flush")
	}
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(out.String(), "first") {
		if time.Now().After(deadline) {
			t.Fatal("the ticker never flushed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	logger.Info("last")
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "last") {
		t.Fatal("Close did not flush")
	}
}

// TestLogBufferConcurrent is for the race detector.
func TestLogBufferConcurrent(t *testing.T) {
	var out lockedBuffer
	b := NewLogBuffer(&out, time.Millisecond)
	logger := NewLogger(b, "json", "info")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 300 {
				logger.Info("line", "k", "v")
			}
		})
	}
	wg.Wait()
	b.Close()
	if n := strings.Count(out.String(), "\n"); n != 2400 {
		t.Fatalf("%d lines, want 2400", n)
	}
}
