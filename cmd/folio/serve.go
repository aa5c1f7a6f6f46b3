package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/folio-cms/folio"
	"github.com/folio-cms/folio/internal/config"
	"github.com/folio-cms/folio/internal/demo"
	"github.com/folio-cms/folio/internal/events"
	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/obs"
)

// logFlushEvery is how often serve's buffered log reaches its output.
const logFlushEvery = 100 * time.Millisecond

func serve(ctx context.Context, args []string, getenv func(string) string, logw io.Writer) error {
	cfg, _, err := config.Load(getenv, args)
	if err != nil {
		return err
	}
	// Registered first, so it runs last: every line logged during the
	// shutdown is written out.
	logs := obs.NewLogBuffer(logw, logFlushEvery)
	defer logs.Close()
	a, err := openApp(ctx, cfg, logs)
	if err != nil {
		return err
	}
	defer a.Close()
	tel, err := a.observe(ctx)
	if err != nil {
		return err
	}
	defer tel.flush(ctx, a.log)
	if err := a.bootstrap(ctx); err != nil {
		return err
	}
	go a.housekeep(ctx)
	if err := a.svc.PrimeCacheSync(ctx); err != nil {
		return err
	}
	go a.syncCache(ctx)
	if n, err := a.svc.PrepareViews(ctx); err != nil {
		return err
	} else if n > 0 {
		a.log.Info("post views of another release marked for rendering", slog.Int64("count", n))
	}
	go a.projectViews(ctx)
	dispatcher, stopWebhooks := a.runWebhooks(ctx, tel.tracer.Tracer("folio/webhooks"))
	defer stopWebhooks()
	if err := tel.metrics.Registry().Register(appCollector{cache: a.svc.ReadCache(), dispatcher: dispatcher, svc: a.svc}); err != nil {
		return err
	}
	var draining atomic.Bool
	e, err := httpapi.New(httpapi.Deps{Service: a.svc, Logger: a.log, SpecYAML: folio.OpenAPIYAML,
		TrustedProxies: cfg.TrustedProxies, BodyLimit: cfg.BodyLimit, CacheControl: cfg.CacheControl,
		Site:    httpapi.Site{Title: cfg.SiteTitle, URL: cfg.SiteURL, PostURLPattern: cfg.PostURLPattern},
		Metrics: tel.metrics, MetricsToken: cfg.MetricsToken, Tracer: tel.tracer, Draining: draining.Load})
	if err != nil {
		return err
	}
	srv := newHTTPServer(e, a.log)
	ln, err := listen(cfg.Addr)
	if err != nil {
		return err
	}
	a.log.Info("folio listening", slog.String("addr", ln.Addr().String()), slog.String("database", a.store.Dialect()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return drain(ctx, srv, errc, &draining, cfg, a.log)
}

// newHTTPServer is the HTTP server of `folio serve` for h: its timeouts
// and limits, and, with listen's listener, the wiring that lets a
// response leave in one write (httpapi.ConnContext).
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn), ConnContext: httpapi.ConnContext}
}

// listen is the listener of `folio serve` on addr, wrapped so that a
// response can leave in one write (httpapi.WrapListener).
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	return httpapi.WrapListener(ln), nil
}

// runWebhooks starts the webhook dispatcher, woken after every commit. The
// function it returns stops it and waits while deliveries in flight finish
// and record their outcome (at most FOLIO_WEBHOOK_TIMEOUT), so it must run
// before the database closes.
func (a *app) runWebhooks(ctx context.Context, tracer trace.Tracer) (d *events.Dispatcher, stop func()) {
	w := a.cfg.Webhooks
	d = events.New(a.store, events.Options{AllowPrivate: w.AllowPrivate, MaxFailures: w.MaxFailures,
		PollInterval: w.PollInterval, RetryBase: w.RetryBase, RetryCap: w.RetryCap,
		ConnectTimeout: w.ConnectTimeout, Timeout: w.Timeout, Logger: a.log, Tracer: tracer})
	a.svc.OnCommit(d.Notify)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = d.Run(ctx) // Run logs its own errors and returns nil once ctx ends
	}()
	return d, func() {
		cancel()
		<-done
	}
}

// bootstrap creates the first admin from the environment and loads demo
// content when asked, both only into an empty database.
func (a *app) bootstrap(ctx context.Context) error {
	if a.cfg.AdminEmail != "" {
		created, err := a.svc.EnsureAdmin(ctx, a.cfg.AdminEmail, a.cfg.AdminPassword)
		if err != nil {
			return fmt.Errorf("create admin: %w", err)
		}
		if created {
			a.log.Info("created the first admin", slog.String("email", a.cfg.AdminEmail))
		}
	}
	if a.cfg.Demo {
		n, err := demo.Load(ctx, a.svc)
		if err != nil {
			return fmt.Errorf("load demo content: %w", err)
		}
		a.log.Info("demo content", slog.Int("posts_loaded", n))
	}
	return nil
}
