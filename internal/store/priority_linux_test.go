package store

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestCheckpointerRunsAtLowPriority reads the nice value of the
// checkpointer's thread from /proc.
func TestCheckpointerRunsAtLowPriority(t *testing.T) {
	s, _ := openCheckpointed(t)
	var tid int
	for deadline := time.Now().Add(5 * time.Second); tid == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the checkpointer never started")
		}
		s.ckpt.mu.Lock()
		tid = s.ckpt.tid
		s.ckpt.mu.Unlock()
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/stat", tid))
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the command name's closing parenthesis start at the
	// third, the state; nice is the nineteenth (proc(5)).
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	if got, want := fields[19-3], fmt.Sprint(checkpointNice); got != want {
		t.Fatalf("the checkpointer's thread runs at nice %s, want %s", got, want)
	}
}
