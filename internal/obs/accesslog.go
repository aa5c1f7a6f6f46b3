package obs

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/trace"
)

// Request is what the access log records of one HTTP request.
type Request struct {
	ID       string
	Method   string
	Route    string
	Status   int
	Duration time.Duration
	Bytes    int64
	RemoteIP string
	// UserID is the signed-in caller, "" for an anonymous one.
	UserID string
}

// AccessLog writes the "request" line of every HTTP request. On a logger
// made by NewLogger in the JSON format it formats the line itself, into a
// pooled buffer, as the very bytes slog's JSONHandler would write (the tests
// compare the two): at tens of thousands of cached reads a second, slog's
// generic path is the largest cost Folio adds to a request. Any other
// logger (text format, attributes or groups added, a handler of the
// caller's) goes through slog.
type AccessLog struct {
	log  *slog.Logger
	fast *lockedWriter
}

// NewAccessLog returns the access log writing to l.
func NewAccessLog(l *slog.Logger) *AccessLog {
	a := &AccessLog{log: l}
	if th, ok := l.Handler().(traceHandler); ok && th.json != nil {
		a.fast = th.json
	}
	return a
}

var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// Log writes r, ended at end, with the trace and span ids of ctx.
func (a *AccessLog) Log(ctx context.Context, end time.Time, r *Request) {
	if !a.log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	if a.fast == nil {
		a.slow(ctx, end, r)
		return
	}
	bp := lineBuffers.Get().(*[]byte)
	b := appendRequestLine((*bp)[:0], end, r, trace.SpanContextFromContext(ctx))
	_, _ = a.fast.Write(b) // a failing log sink has nowhere to report to
	*bp = b
	lineBuffers.Put(bp)
}

func (a *AccessLog) slow(ctx context.Context, end time.Time, r *Request) {
	rec := slog.NewRecord(end, slog.LevelInfo, "request", 0)
	rec.AddAttrs(slog.String("request_id", r.ID), slog.String("method", r.Method), slog.String("route", r.Route),
		slog.Int("status", r.Status), slog.Float64("duration_ms", durationMS(r.Duration)),
		slog.Int64("bytes", r.Bytes), slog.String("remote_ip", r.RemoteIP))
	if r.UserID != "" {
		rec.AddAttrs(slog.String("user_id", r.UserID))
	}
	_ = a.log.Handler().Handle(ctx, rec)
}

// durationMS is d in milliseconds at microsecond resolution.
func durationMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// appendRequestLine appends the JSON line slog's JSONHandler writes for the
// record Log makes, trace ids included.
func appendRequestLine(b []byte, end time.Time, r *Request, sc trace.SpanContext) []byte {
	b = append(b, `{"time":"`...)
	b = end.Round(0).AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"INFO","msg":"request","request_id":"`...)
	b = AppendJSONString(b, r.ID)
	b = append(b, `","method":"`...)
	b = AppendJSONString(b, r.Method)
	b = append(b, `","route":"`...)
	b = AppendJSONString(b, r.Route)
	b = append(b, `","status":`...)
	b = strconv.AppendInt(b, int64(r.Status), 10)
	b = append(b, `,"duration_ms":`...)
	// slog writes floats through encoding/json, which uses this format for
	// every value from 1e-6 up to 1e21; a duration in ms at µs resolution
	// is 0 or at least 0.001.
	b = strconv.AppendFloat(b, durationMS(r.Duration), 'f', -1, 64)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, r.Bytes, 10)
	b = append(b, `,"remote_ip":"`...)
	b = AppendJSONString(b, r.RemoteIP)
	b = append(b, '"')
	if r.UserID != "" {
		b = append(b, `,"user_id":"`...)
		b = AppendJSONString(b, r.UserID)
		b = append(b, '"')
	}
	if sc.IsValid() {
		tid, sid := sc.TraceID(), sc.SpanID()
		b = append(b, `,"trace_id":"`...)
		b = appendHex(b, tid[:])
		b = append(b, `","span_id":"`...)
		b = appendHex(b, sid[:])
		b = append(b, '"')
	}
	return append(b, "}\n"...)
}

const hexDigits = "0123456789abcdef"

func appendHex(b, src []byte) []byte {
	for _, c := range src {
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

// AppendJSONString appends s escaped as slog's JSON handler escapes string
// contents: quote, backslash and control bytes escaped, invalid UTF-8 as
// U+FFFD, U+2028 and U+2029 escaped; HTML characters are left alone.
func AppendJSONString(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}

// lockedWriter serializes whole-line writes from slog and the access log's
// fast path to one writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
