package obs

import (
	"context"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// QueryObserver returns the store's statement hook (store.QueryObserver):
// it records each statement's duration in m and, when the statement ran
// under a recording span, adds a client span "<op> <table>" as its child,
// back-dated to when the statement started; a failed statement's span has
// error status and error.type, never the driver's message. dialect is the store's
// ("sqlite" or "postgres"). Statements outside a request (start-up,
// background workers) make no spans of their own, so they cannot flood the
// collector with one-span traces. SQL text is not recorded.
func QueryObserver(m *Metrics, tp trace.TracerProvider, dialect string) func(ctx context.Context, op, table string, d time.Duration, err error) {
	tracer := tp.Tracer("github.com/folio-cms/folio/internal/store")
	system := semconv.DBSystemNameSQLite
	if dialect == "postgres" {
		system = semconv.DBSystemNamePostgreSQL
	}
	return func(ctx context.Context, op, table string, d time.Duration, err error) {
		m.ObserveQuery(op, d, err)
		if ctx == nil || !trace.SpanFromContext(ctx).IsRecording() {
			return
		}
		end := time.Now()
		name := op
		if table != "" {
			name += " " + table
		}
		_, span := tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindClient), trace.WithTimestamp(end.Add(-d)),
			trace.WithAttributes(system, semconv.DBOperationName(op), semconv.DBCollectionName(table)))
		if err != nil {
			// The type, not the message: a driver's message can quote row
			// values (an email in a unique violation) that a trace should
			// not carry.
			span.SetStatus(codes.Error, "statement failed")
			span.SetAttributes(semconv.ErrorTypeKey.String(fmt.Sprintf("%T", err)))
		}
		span.End(trace.WithTimestamp(end))
	}
}
