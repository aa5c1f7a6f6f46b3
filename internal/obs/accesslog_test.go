package obs

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// both logs r through the fast path and through slog's JSONHandler and
// returns the two outputs.
func both(t testing.TB, ctx context.Context, end time.Time, r *Request) (fast, slow string) {
	t.Helper()
	var fb, sb bytes.Buffer
	fl := NewLogger(&fb, "json", "info")
	a := NewAccessLog(fl)
	if a.fast == nil {
		t.Fatal("a JSON logger from NewLogger must take the fast path")
	}
	a.Log(ctx, end, r)
	sl := slog.New(traceHandler{Handler: slog.NewJSONHandler(&sb, &slog.HandlerOptions{Level: slog.LevelInfo})})
	s := NewAccessLog(sl)
	if s.fast != nil {
		t.Fatal("a logger not from NewLogger must go through slog")
	}
	s.Log(ctx, end, r)
	return fb.String(), sb.String()
}

func spanContext() context.Context {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:  trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7}, TraceFlags: trace.FlagsSampled})
	return trace.ContextWithSpanContext(context.Background(), sc)
}

func TestAccessLogWritesWhatSlogWrites(t *testing.T) {
	end := time.Date(2026, 12, 2, 1, 2, 3, 450000000, time.UTC)
	cases := []struct {
		name string
		ctx  context.Context
		end  time.Time
		r    Request
	}{
		{"plain", spanContext(), end, Request{ID: "01JD5Z", Method: "GET", Route: "/v1/posts", Status: 200,
			Duration: 1234 * time.Microsecond, Bytes: 20480, RemoteIP: "192.0.2.7"}},
		{"signed in, no span", context.Background(), end.Add(time.Nanosecond), Request{ID: "x", Method: "PATCH",
			Route: "/v1/posts/:id", Status: 412, Duration: 0, Bytes: 0, RemoteIP: "::1", UserID: "01JUSER"}},
		{"zone and whole seconds", spanContext(), time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 5*3600+1800)),
			Request{ID: "id", Method: "GET", Route: "unmatched", Status: 404, Duration: 3*time.Second + 7*time.Microsecond}},
		{"long", spanContext(), end, Request{ID: "r", Method: "GET", Route: "/v1/events/stream", Status: 200,
			Duration: 90 * time.Minute, Bytes: 1 << 40}},
		{"hostile strings", spanContext(), end, Request{ID: "a\"b\\c\x00\x1f\x7f<>&", Method: "G\tE\nT\r",
			Route: "\u2028\u2029é\xff\xfe", Status: 400, RemoteIP: "\xc3", UserID: "\u00e9\U0001F600"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fast, slow := both(t, c.ctx, c.end, &c.r)
			if fast != slow {
				t.Errorf("fast path:\n%s\nslog:\n%s", fast, slow)
			}
		})
	}
}

func TestAccessLogHonoursLevelAndFormat(t *testing.T) {
	var buf bytes.Buffer
	NewAccessLog(NewLogger(&buf, "json", "warn")).Log(context.Background(), time.Now(), &Request{ID: "x"})
	if buf.Len() != 0 {
		t.Errorf("logged at warn level: %s", buf.String())
	}
	NewAccessLog(NewLogger(&buf, "text", "info")).Log(context.Background(), time.Now(), &Request{ID: "x", Status: 200})
	if !bytes.Contains(buf.Bytes(), []byte("msg=request")) || !bytes.Contains(buf.Bytes(), []byte("status=200")) {
		t.Errorf("text format: %s", buf.String())
	}
	buf.Reset()
	a := NewAccessLog(NewLogger(&buf, "json", "info").With("instance", "a"))
	if a.fast != nil {
		t.Fatal("a logger with attributes must go through slog")
	}
	a.Log(context.Background(), time.Now(), &Request{ID: "x"})
	if !bytes.Contains(buf.Bytes(), []byte(`"instance":"a"`)) {
		t.Errorf("attributes lost: %s", buf.String())
	}
}

// FuzzAccessLogLine holds the fast path to slog's bytes for any strings a
// client can put in a request line.
func FuzzAccessLogLine(f *testing.F) {
	f.Add("01JD5Z", "GET", "192.0.2.1", "u", int64(1234))
	f.Add("a\"b\\", "\u2028", "\xff", "\x00\x1f", int64(0))
	f.Fuzz(func(t *testing.T, id, method, ip, user string, us int64) {
		if us < 0 || us > int64(1e15) {
			us = 0
		}
		r := Request{ID: id, Method: method, Route: "/v1/posts", Status: 200, Duration: time.Duration(us) * time.Microsecond,
			RemoteIP: ip, UserID: user}
		fast, slow := both(t, spanContext(), time.Unix(1764637323, us), &r)
		if fast != slow {
			t.Errorf("fast path:\n%q\nslog:\n%q", fast, slow)
		}
	})
}
