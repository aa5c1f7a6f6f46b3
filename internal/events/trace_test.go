package events_test

import (
	"net/http"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/folio-cms/folio/internal/events"
)

// TestWebhookDeliverySpan checks that each attempt is a client span and that
// the receiver gets its traceparent, so a receiver can continue the trace.
func TestWebhookDeliverySpan(t *testing.T) {
	r := newRig(t)
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	rc := newReceiver(t, func(int, *http.Request) int { return http.StatusOK })
	r.hook(t, rc.URL, "tag.*")
	run(t, events.New(r.Store, testOptions(events.Options{Tracer: tp.Tracer("folio/webhooks")})))
	r.tags(t, "traced", 1)
	eventually(t, 5*time.Second, "the delivery", func() bool { return len(rc.requests()) == 1 })
	eventually(t, 5*time.Second, "the span", func() bool { return len(spans.Ended()) == 1 })
	s := spans.Ended()[0]
	parent := rc.requests()[0].Header.Get("traceparent")
	if s.Name() != "webhook deliver" || len(parent) < 35 || parent[3:35] != s.SpanContext().TraceID().String() {
		t.Fatalf("span %q (trace %s), receiver traceparent %q", s.Name(), s.SpanContext().TraceID(), parent)
	}
}
