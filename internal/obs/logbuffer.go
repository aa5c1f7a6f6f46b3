package obs

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// LogBuffer batches log output: lines collect in memory and reach the
// underlying writer every interval, whenever 64 KiB are waiting, and at
// Close. A logged request then costs no write system call, which at tens of
// thousands of requests a second is a large share of a cached read. The
// price: lines of the last interval are lost if the process is killed
// (SIGKILL, a crash); a clean shutdown flushes them.
type LogBuffer struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

// NewLogBuffer buffers w and flushes it every interval until Close.
func NewLogBuffer(w io.Writer, interval time.Duration) *LogBuffer {
	b := &LogBuffer{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go b.flushEvery(interval)
	return b
}

// Write buffers p; it is safe for concurrent use.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Flush writes out what is buffered.
func (b *LogBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Flush()
}

// Close stops the flusher and writes out the rest; later writes are lost.
func (b *LogBuffer) Close() error {
	close(b.stop)
	<-b.done
	return b.Flush()
}

func (b *LogBuffer) flushEvery(interval time.Duration) {
	defer close(b.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			_ = b.Flush() // a failing log sink has nowhere to report to
		}
	}
}
