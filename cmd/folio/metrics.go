package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/folio-cms/folio/internal/cache"
	"github.com/folio-cms/folio/internal/events"
	"github.com/folio-cms/folio/internal/service"
)

// appCollector exports the state of the read cache, the event log and the
// webhook dispatcher, read at scrape time from their own counters.
type appCollector struct {
	cache      *cache.Cache
	dispatcher *events.Dispatcher
	svc        *service.Service
}

var (
	descCacheHits = prometheus.NewDesc("folio_cache_hits_total",
		"Public reads answered from the read cache.", nil, nil)
	descCacheMisses = prometheus.NewDesc("folio_cache_misses_total",
		"Public reads the read cache did not hold.", nil, nil)
	descCacheInvalidated = prometheus.NewDesc("folio_cache_invalidations_total",
		"Cache entries dropped because a write touched their surrogate keys.", nil, nil)
	descCacheEntries = prometheus.NewDesc("folio_cache_entries",
		"Entries in the read cache.", nil, nil)
	descCacheBytes = prometheus.NewDesc("folio_cache_bytes",
		"Weighted size of the read cache in bytes (bounded by FOLIO_CACHE_MAX_BYTES).", nil, nil)
	descLogHead = prometheus.NewDesc("folio_event_log_head",
		"Sequence number of the newest event in the log.", nil, nil)
	descWebhookPosition = prometheus.NewDesc("folio_webhook_position",
		"Sequence number of the last event a webhook has dealt with.", []string{"webhook"}, nil)
	descWebhookLag = prometheus.NewDesc("folio_webhook_lag_events",
		"Events in the log after a webhook's position: how far its dispatcher is behind.", []string{"webhook"}, nil)
	descViewsRendered = prometheus.NewDesc("folio_post_views_rendered_total",
		"Post views (the read model of public post reads) rendered and stored by the projector.", nil, nil)
	descViewReads = prometheus.NewDesc("folio_post_view_reads_total",
		"Public post lists and posts answered from current views (source=views) or from the tables because a view was stale or the read is not one views serve (source=tables).", []string{"source"}, nil)
	descViewsStale = prometheus.NewDesc("folio_post_views_stale",
		"Post views waiting for the projector.", nil, nil)
	descSearchPending = prometheus.NewDesc("folio_search_pending",
		"Posts written but not yet indexed for search by the projector (SQLite).", nil, nil)
	descCheckpoints = prometheus.NewDesc("folio_sqlite_checkpoints_total",
		"Background checkpoints of SQLite's write-ahead log by outcome (ok, failed).", []string{"outcome"}, nil)
	descWALPages = prometheus.NewDesc("folio_sqlite_wal_pages",
		"Pages in SQLite's write-ahead log at the last background checkpoint.", nil, nil)
	descWALPending = prometheus.NewDesc("folio_sqlite_wal_pending_pages",
		"Pages of the write-ahead log the last checkpoint could not copy back yet, because readers still used them.", nil, nil)
	descWebhookDeliveries = prometheus.NewDesc("folio_webhook_deliveries_total",
		"Delivery attempts by outcome (delivered: 2xx; failed: anything else) since start.", []string{"webhook", "outcome"}, nil)
)

func (c appCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descCacheHits, descCacheMisses, descCacheInvalidated, descCacheEntries,
		descCacheBytes, descLogHead, descWebhookPosition, descWebhookLag, descWebhookDeliveries,
		descViewsRendered, descViewReads, descViewsStale, descSearchPending, descCheckpoints, descWALPages, descWALPending} {
		ch <- d
	}
}

func (c appCollector) Collect(ch chan<- prometheus.Metric) {
	if c.cache != nil {
		st := c.cache.Stats()
		ch <- prometheus.MustNewConstMetric(descCacheHits, prometheus.CounterValue, float64(st.Hits))
		ch <- prometheus.MustNewConstMetric(descCacheMisses, prometheus.CounterValue, float64(st.Misses))
		ch <- prometheus.MustNewConstMetric(descCacheInvalidated, prometheus.CounterValue, float64(st.Invalidated))
		ch <- prometheus.MustNewConstMetric(descCacheEntries, prometheus.GaugeValue, float64(st.Entries))
		ch <- prometheus.MustNewConstMetric(descCacheBytes, prometheus.GaugeValue, float64(st.Bytes))
	}
	c.collectViews(ch)
	if c.dispatcher == nil {
		return
	}
	st := c.dispatcher.Stats()
	ch <- prometheus.MustNewConstMetric(descLogHead, prometheus.GaugeValue, float64(st.Head))
	for _, w := range st.Webhooks {
		ch <- prometheus.MustNewConstMetric(descWebhookPosition, prometheus.GaugeValue, float64(w.Position), w.ID)
		ch <- prometheus.MustNewConstMetric(descWebhookLag, prometheus.GaugeValue, float64(w.Lag), w.ID)
		ch <- prometheus.MustNewConstMetric(descWebhookDeliveries, prometheus.CounterValue, float64(w.Delivered), w.ID, "delivered")
		ch <- prometheus.MustNewConstMetric(descWebhookDeliveries, prometheus.CounterValue, float64(w.Failed), w.ID, "failed")
	}
}

// scrapeTimeout bounds the queries a scrape makes (the stale views and
// the posts waiting for search indexing).
const scrapeTimeout = 2 * time.Second

func (c appCollector) collectViews(ch chan<- prometheus.Metric) {
	if c.svc == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	if n, ok, err := c.svc.SearchPending(ctx); ok && err == nil {
		ch <- prometheus.MustNewConstMetric(descSearchPending, prometheus.GaugeValue, float64(n))
	}
	if cs, ok := c.svc.CheckpointStats(); ok {
		ch <- prometheus.MustNewConstMetric(descCheckpoints, prometheus.CounterValue, float64(cs.Runs-cs.Failed), "ok")
		ch <- prometheus.MustNewConstMetric(descCheckpoints, prometheus.CounterValue, float64(cs.Failed), "failed")
		ch <- prometheus.MustNewConstMetric(descWALPages, prometheus.GaugeValue, float64(cs.LogPages))
		ch <- prometheus.MustNewConstMetric(descWALPending, prometheus.GaugeValue, float64(cs.PendingPages))
	}
	st, ok, err := c.svc.ViewStats(ctx)
	if !ok {
		return
	}
	ch <- prometheus.MustNewConstMetric(descViewsRendered, prometheus.CounterValue, float64(st.Rendered))
	ch <- prometheus.MustNewConstMetric(descViewReads, prometheus.CounterValue, float64(st.FromViews), "views")
	ch <- prometheus.MustNewConstMetric(descViewReads, prometheus.CounterValue, float64(st.FromTables), "tables")
	if err == nil {
		ch <- prometheus.MustNewConstMetric(descViewsStale, prometheus.GaugeValue, float64(st.Stale))
	}
}
