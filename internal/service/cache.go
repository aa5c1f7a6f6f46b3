package service

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/folio-cms/folio/internal/cache"
	"github.com/folio-cms/folio/internal/content"
)

// cacheSync keeps the read cache in step with the event log: it reads the
// events after its position and drops the entries they touch. It runs
// after every local commit (so the next read here sees the write) and on a
// poll for changes made by other instances.
type cacheSync struct {
	mu          sync.Mutex
	pos         int64
	nextPublish time.Time // the earliest scheduled post's time; zero when none
	checked     bool
}

// ReadCache returns the response cache, or nil when it is off.
func (s *Service) ReadCache() *cache.Cache { return s.cache }

// SyncCache applies the events committed since the last sync to the cache.
// The first call reads the whole log once (serve makes it at start, while
// the cache is still empty).
func (s *Service) SyncCache(ctx context.Context) error {
	if s.cache == nil {
		return nil
	}
	s.sync.mu.Lock()
	defer s.sync.mu.Unlock()
	for {
		events, err := s.store.ListEventHeads(ctx, s.sync.pos, 500, listingEvents)
		if err != nil {
			return err
		}
		for _, e := range events {
			s.invalidateFor(e)
			s.sync.pos = e.ID
		}
		if len(events) < 500 {
			return nil
		}
	}
}

// listingEvents begin the types of the only events whose data
// invalidateFor reads (the listing's slug).
const listingEvents = "listing."

// invalidateFor drops what event e touches. Post changes are precise;
// tag and user changes rename things embedded everywhere, and are rare,
// so they clear the whole cache.
func (s *Service) invalidateFor(e content.Event) {
	switch {
	case strings.HasPrefix(e.Type, "post."):
		s.cache.Invalidate("posts", "post:"+e.EntityID, "tags", "authors")
		s.sync.checked = false // a publish time may have moved
	case strings.HasPrefix(e.Type, "tag.created"):
		s.cache.Invalidate("tags")
	case strings.HasPrefix(e.Type, "tag."), e.Type == content.EventUserUpdated, e.Type == content.EventUserDeleted:
		s.cache.Purge()
	case e.Type == content.EventUserCreated:
		s.cache.Invalidate("authors")
	case strings.HasPrefix(e.Type, listingEvents):
		var l struct {
			Slug string `json:"slug"`
		}
		_ = json.Unmarshal(e.Data, &l) // the listing's state, written by the service
		s.cache.Invalidate("listings", "listing:"+l.Slug)
	}
}

// BeforeCachedRead runs before a read is answered from the cache: once a
// scheduled post's time has come, everything it could appear in is dropped,
// so no entry outlives the next scheduled publish.
func (s *Service) BeforeCachedRead(ctx context.Context) {
	if s.cache == nil {
		return
	}
	now := s.Now()
	s.sync.mu.Lock()
	defer s.sync.mu.Unlock()
	if s.sync.checked && (s.sync.nextPublish.IsZero() || now.Before(s.sync.nextPublish)) {
		return
	}
	if s.sync.checked {
		s.cache.Invalidate("posts", "tags", "authors")
	}
	next, err := s.store.NextScheduled(ctx, now)
	if err != nil {
		s.cache.Purge() // unknown: serve nothing stale
		return
	}
	s.sync.nextPublish, s.sync.checked = next, true
}

// PrimeCacheSync starts the cache sync at the head of the log. Call it
// while the cache is empty (at start): older events cannot touch entries
// made from now on, so they need not be read.
func (s *Service) PrimeCacheSync(ctx context.Context) error {
	if s.cache == nil {
		return nil
	}
	head, err := s.store.LastEventID(ctx)
	if err != nil {
		return err
	}
	s.sync.mu.Lock()
	defer s.sync.mu.Unlock()
	s.sync.pos = max(s.sync.pos, head)
	return nil
}
