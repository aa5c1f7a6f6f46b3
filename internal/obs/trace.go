package obs

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
)

// TracingOptions say where spans go. They mirror the standard OpenTelemetry
// variables, which cmd/folio reads; the exporter itself still reads the
// remaining OTEL_EXPORTER_OTLP_* variables (headers, timeout, compression,
// certificates) and the SDK reads OTEL_TRACES_SAMPLER and OTEL_BSP_*.
type TracingOptions struct {
	// Endpoint is OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL,
	// to which /v1/traces is appended.
	Endpoint string
	// TracesEndpoint is OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: the full URL,
	// used as it is; it wins over Endpoint.
	TracesEndpoint string
	// Disabled turns export off even when an endpoint is set
	// (OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none).
	Disabled bool
	// ServiceName is service.name (OTEL_SERVICE_NAME); "folio" when empty.
	ServiceName    string
	ServiceVersion string
}

// URL returns the OTLP/HTTP traces URL, or "" when spans are not exported.
func (o TracingOptions) URL() string {
	switch {
	case o.Disabled:
		return ""
	case o.TracesEndpoint != "":
		return o.TracesEndpoint
	case o.Endpoint != "":
		return strings.TrimRight(o.Endpoint, "/") + "/v1/traces"
	}
	return ""
}

// NewTracerProvider returns the process's tracer provider. With an endpoint
// it samples by OTEL_TRACES_SAMPLER (parent-based, always on, by default)
// and batches spans to the collector over OTLP/HTTP. Without one it samples
// nothing: span ids are still made and propagated, so every response carries
// a traceparent and every log line a trace_id, but no span is recorded.
// Shutdown flushes the batch; call it after the HTTP server has drained.
func NewTracerProvider(ctx context.Context, o TracingOptions) (*sdktrace.TracerProvider, error) {
	url := o.URL()
	if url == "" {
		return LocalTracerProvider(), nil
	}
	name := o.ServiceName
	if name == "" {
		name = "folio"
	}
	res, err := resource.New(ctx, resource.WithTelemetrySDK(), resource.WithFromEnv(),
		resource.WithAttributes(semconv.ServiceName(name), semconv.ServiceVersion(o.ServiceVersion)))
	if err != nil {
		return nil, fmt.Errorf("tracing resource: %w", err)
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(url))
	if err != nil {
		return nil, fmt.Errorf("otlp exporter for %s: %w", url, err)
	}
	return sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res)), nil
}

// LocalTracerProvider returns a provider that samples nothing and exports
// nowhere. Its spans are not recorded, but they get ids (continuing the
// caller's trace id), so traceparent propagation and trace_id in logs work
// at the cost of two random ids per span.
func LocalTracerProvider() *sdktrace.TracerProvider {
	return sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()))
}

// Propagator reads and writes the W3C traceparent and tracestate headers.
func Propagator() propagation.TextMapPropagator { return propagation.TraceContext{} }

// ErrorLogger returns a handler for the errors the OpenTelemetry SDK cannot
// return to a caller (a collector that refuses a batch), so they reach the
// log instead of stderr.
func ErrorLogger(l *slog.Logger) func(error) {
	return func(err error) { l.Warn("opentelemetry", slog.Any("error", err)) }
}
