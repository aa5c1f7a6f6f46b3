package httpapi

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"
)

// net/http writes a response through a 4 KB buffer over the connection:
// a body that does not fit leaves in two write calls, the buffer (status
// line, header fields and the body's first bytes) and then the rest. On
// loopback and on virtual machines every write that reaches an idle
// reader wakes its CPU, which profiles of the load benchmark put at 15 to
// 20 µs a write. Folio knows the whole of its reads' and writes' answers
// before it sends them, so writeWhole holds the connection's writes while
// net/http formats one and sends them in a single write call.

// WrapListener returns ln with each accepted connection able to send a
// response in one write (writeWhole). The server must also set
// ConnContext to httpapi.ConnContext, which hands the connection to the
// handlers.
func WrapListener(ln net.Listener) net.Listener { return wireListener{ln} }

type wireListener struct{ net.Listener }

func (l wireListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &wireConn{Conn: c}, nil
}

type wireConnKey struct{}

// ConnContext is the http.Server ConnContext that lets writeWhole find
// its connection.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if wc, ok := c.(*wireConn); ok {
		return context.WithValue(ctx, wireConnKey{}, wc)
	}
	return ctx
}

// WholeWrites reports whether a response on ctx's connection can leave in
// one write: whether the server wrapped its listener and set ConnContext.
func WholeWrites(ctx context.Context) bool { return wireConnOf(ctx) != nil }

// wireConnOf is ctx's wrapped connection, or nil.
func wireConnOf(ctx context.Context) *wireConn {
	wc, _ := ctx.Value(wireConnKey{}).(*wireConn)
	return wc
}

// wireConn is a connection whose writes can be held and then sent as one.
// net/http writes to a connection only from the goroutine serving its
// current request, and writeWhole holds and releases on that goroutine,
// so it needs no lock. The held bytes go into a pooled buffer, taken for
// one response: an idle kept-alive connection holds no memory.
type wireConn struct {
	net.Conn
	held bool
	buf  *[]byte
}

// heldBuffers are the buffers of responses being held; one larger than
// maxHeldKept (a big feed, say) is dropped after its response.
var heldBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

const maxHeldKept = 256 << 10

func (c *wireConn) hold() {
	c.held = true
	c.buf = heldBuffers.Get().(*[]byte)
}

func (c *wireConn) Write(p []byte) (int, error) {
	if c.held {
		*c.buf = append(*c.buf, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// ReadFrom keeps net/http's sendfile path when nothing is held.
func (c *wireConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok && !c.held {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c}, r)
}

// CloseWrite lets net/http half-close the connection as it does a
// *net.TCPConn's.
func (c *wireConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// release stops holding and sends what was held in one write.
func (c *wireConn) release() error {
	buf := c.buf
	c.held, c.buf = false, nil
	var err error
	if len(*buf) > 0 {
		_, err = c.Conn.Write(*buf)
	}
	if cap(*buf) <= maxHeldKept {
		*buf = (*buf)[:0]
		heldBuffers.Put(buf)
	}
	return err
}

// writeWhole writes a response whose header fields are set and whose body
// is complete, through echo (which counts its status and size).
func writeWhole(c echo.Context, status int, body []byte) error {
	return sendWhole(c.Request().Context(), c.Response(), status, body)
}

// sendWhole writes status and body to w: status line, header and body
// leave in one write call when the connection came through WrapListener,
// else as net/http writes them. The read cache's writer keeps the
// response for itself and sends it later through sendWhole, so it is
// written as usual and nothing leaves here.
func sendWhole(ctx context.Context, w http.ResponseWriter, status int, body []byte) (err error) {
	// echo's own Flush panics on a writer that cannot flush, so the flush
	// goes to the writer beneath it.
	flushed := w
	if r, ok := w.(*echo.Response); ok {
		flushed = r.Writer
	}
	_, keeps := flushed.(*holdWriter)
	wc := wireConnOf(ctx)
	if wc == nil || len(body) == 0 || wc.held || keeps {
		w.WriteHeader(status)
		if len(body) > 0 {
			_, err = w.Write(body)
		}
		return err
	}
	wc.hold()
	defer func() {
		if rerr := wc.release(); err == nil {
			err = rerr
		}
	}()
	w.WriteHeader(status)
	if _, err = w.Write(body); err != nil {
		return err
	}
	// Out of net/http's buffers into the held write. With Content-Length
	// set, net/http sends the body as it is, never in chunks.
	if err = http.NewResponseController(flushed).Flush(); errors.Is(err, http.ErrNotSupported) {
		err = nil
	}
	return err
}
