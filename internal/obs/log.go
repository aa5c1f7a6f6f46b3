// Package obs sets up what an operator sees of Folio: structured logs that
// carry the trace id of the request, the Prometheus registry and Folio's
// instruments, and the OpenTelemetry tracer provider with its OTLP exporter.
// It owns the set-up only; the HTTP middleware and the store hook call into
// it.
package obs

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"go.opentelemetry.io/otel/trace"
)

// NewLogger returns a JSON logger (text when format is "text") at level
// ("debug", "info", "warn", "error"; info when unparsable) writing to w.
// Every record logged with a context that holds a span gets its trace_id
// and span_id.
func NewLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if strings.EqualFold(format, "text") {
		return slog.New(traceHandler{Handler: slog.NewTextHandler(w, opts)})
	}
	lw := &lockedWriter{w: w}
	return slog.New(traceHandler{Handler: slog.NewJSONHandler(lw, opts), json: lw})
}

// WithTrace returns l with trace_id and span_id added to every record logged
// with a context that holds a span. A logger from NewLogger or WithTrace is
// returned as it is, so the ids are never added twice.
func WithTrace(l *slog.Logger) *slog.Logger {
	if _, ok := l.Handler().(traceHandler); ok {
		return l
	}
	return slog.New(traceHandler{Handler: l.Handler()})
}

// traceHandler adds the ids of the span in the record's context.
type traceHandler struct {
	slog.Handler
	// json is the writer of a plain JSON handler from NewLogger (no
	// attributes, no groups), for AccessLog's fast path; nil otherwise.
	json *lockedWriter
}

func (h traceHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h traceHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return traceHandler{Handler: h.Handler.WithAttrs(attrs)}
}

func (h traceHandler) WithGroup(name string) slog.Handler {
	return traceHandler{Handler: h.Handler.WithGroup(name)}
}
