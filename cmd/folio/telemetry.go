package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/folio-cms/folio/internal/config"
	"github.com/folio-cms/folio/internal/obs"
)

// flushTimeout bounds the trace exporter's last flush at shutdown.
const flushTimeout = 5 * time.Second

// telemetry is what serve adds for operators: the metrics registry and the
// tracer provider, both fed by the store's statement hook.
type telemetry struct {
	metrics *obs.Metrics
	tracer  *sdktrace.TracerProvider
}

// observe builds the metrics registry (with a collector for every pool) and
// the tracer provider from the configuration, and hooks both into the store.
func (a *app) observe(ctx context.Context) (*telemetry, error) {
	m := obs.NewMetrics()
	if err := m.RegisterPools(a.store.Pools()); err != nil {
		return nil, err
	}
	opts := obs.TracingOptions{Endpoint: a.cfg.OTel.Endpoint, TracesEndpoint: a.cfg.OTel.TracesEndpoint,
		Disabled: a.cfg.OTel.Disabled, ServiceName: a.cfg.OTel.ServiceName}
	tp, err := obs.NewTracerProvider(ctx, opts)
	if err != nil {
		return nil, err
	}
	otel.SetErrorHandler(otel.ErrorHandlerFunc(obs.ErrorLogger(a.log)))
	if err := a.store.Observe(obs.QueryObserver(m, tp, a.store.Dialect())); err != nil {
		return nil, fmt.Errorf("observe queries: %w", err)
	}
	if url := opts.URL(); url != "" {
		a.log.Info("exporting traces over OTLP/HTTP", slog.String("endpoint", url))
	}
	return &telemetry{metrics: m, tracer: tp}, nil
}

// flush sends the spans still batched to the collector. It runs after the
// HTTP server and the background workers have stopped, before the pools
// close, with its own deadline since ctx has ended by then.
func (t *telemetry) flush(ctx context.Context, log *slog.Logger) {
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
	defer cancel()
	if err := t.tracer.Shutdown(fctx); err != nil {
		log.Warn("flush traces", slog.Any("error", err))
	}
}

// drain stops the HTTP server once ctx ends: /readyz turns 503 at once and,
// after cfg.DrainDelay (time for load balancers to notice), the listener
// closes and in-flight requests get until cfg.ShutdownTimeout to finish.
// Connections still busy then are cut. served is srv.Serve's result.
func drain(ctx context.Context, srv *http.Server, served <-chan error, draining *atomic.Bool, cfg config.Config, log *slog.Logger) error {
	draining.Store(true)
	log.Info("shutting down", slog.Duration("drain_delay", cfg.DrainDelay), slog.Duration("deadline", cfg.ShutdownTimeout))
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	select {
	case <-time.After(cfg.DrainDelay):
	case err := <-served:
		return err
	}
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped serving")
	return nil
}
