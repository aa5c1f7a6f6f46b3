package httpapi

import (
	"bytes"
	"net"
	"testing"
)

// recordingConn keeps every write made on it.
type recordingConn struct {
	net.Conn
	writes [][]byte
}

func (c *recordingConn) Write(p []byte) (int, error) {
	c.writes = append(c.writes, bytes.Clone(p))
	return len(p), nil
}

// TestWireConnHoldsOnlyWhileAsked checks the held connection's contract:
// writes pass straight through unless held; held writes leave together,
// in order, at release; and the buffer goes back to the pool, so a
// connection between responses keeps no memory. The bytes written are
// reused by the writer after each Write, as bufio's are.
func TestWireConnHoldsOnlyWhileAsked(t *testing.T) {
	under := &recordingConn{}
	c := &wireConn{Conn: under}
	scratch := []byte("status line and header fields")
	if _, err := c.Write(scratch); err != nil || len(under.writes) != 1 {
		t.Fatalf("an unheld write was not passed through: %d writes, %v", len(under.writes), err)
	}
	c.hold()
	var want []byte
	for _, part := range []string{"HTTP/1.1 200 OK\r\n", "Content-Length: 4\r\n\r\n", "body"} {
		copy(scratch, part)
		if _, err := c.Write(scratch[:len(part)]); err != nil {
			t.Fatal(err)
		}
		copy(scratch, "clobbered by the writer's next use of its buffer")
		want = append(want, part...)
	}
	if len(under.writes) != 1 {
		t.Fatalf("held writes left before release: %d writes", len(under.writes))
	}
	if err := c.release(); err != nil {
		t.Fatal(err)
	}
	if len(under.writes) != 2 || !bytes.Equal(under.writes[1], want) {
		t.Fatalf("release sent %q, want one write of %q", under.writes[1:], want)
	}
	if c.held || c.buf != nil {
		t.Fatalf("after release: held %v, buffer kept %v", c.held, c.buf != nil)
	}
	if _, err := c.Write([]byte("next")); err != nil || len(under.writes) != 3 {
		t.Fatalf("a write after release was held: %d writes", len(under.writes))
	}
}
