// Package cache is Folio's read cache: serialized public responses with
// their strong ETag, bounded by bytes, and dropped by surrogate key when a
// write touches what they contain.
package cache

import (
	"sync"
	"sync/atomic"

	"github.com/maypok86/otter/v2"
)

// Entry is one cached response, serialized once.
type Entry struct {
	Body []byte
	ETag string
	// Keys are the surrogate keys of what the response contains.
	Keys []string
	// Fields are the header fields sent with the body and NotModified
	// those sent with a 304, built once when the entry is made; every hit
	// shares them, so nobody may modify them.
	Fields, NotModified []Field
}

// Field is one response header field: its canonical key and its values.
type Field struct {
	Key    string
	Values []string
}

// entryOverhead approximates the bookkeeping bytes of an entry beyond its
// body, key and surrogate keys.
const entryOverhead = 256

func (e *Entry) weight(key string) uint32 {
	n := len(e.Body) + len(key) + len(e.ETag) + entryOverhead
	for _, k := range e.Keys {
		n += len(k) + 32
	}
	for _, fields := range [][]Field{e.Fields, e.NotModified} {
		for _, f := range fields {
			n += len(f.Key) + 40
			for _, v := range f.Values {
				n += len(v)
			}
		}
	}
	return uint32(min(n, 1<<31))
}

// Cache holds entries by request key, up to a byte budget (W-TinyLFU
// eviction by otter), with an index from surrogate key to request keys.
// It is safe for concurrent use.
type Cache struct {
	store *otter.Cache[string, *Entry]
	mu    sync.Mutex
	index map[string]map[string]*Entry // surrogate key -> request key -> entry
	gen   atomic.Uint64

	hits, misses, invalidated atomic.Int64
}

// New returns a cache of at most maxBytes, or nil when maxBytes is 0 (the
// cache is off; a nil *Cache is valid and caches nothing).
func New(maxBytes int64) *Cache {
	if maxBytes <= 0 {
		return nil
	}
	c := &Cache{index: map[string]map[string]*Entry{}}
	c.store = otter.Must(&otter.Options[string, *Entry]{
		MaximumWeight: uint64(maxBytes),
		Weigher:       func(k string, e *Entry) uint32 { return e.weight(k) },
		OnDeletion:    func(ev otter.DeletionEvent[string, *Entry]) { c.unindex(ev.Key, ev.Value) },
	})
	return c
}

// Gen is the invalidation generation. Take it before computing a response
// and pass it to Set: a response computed across an invalidation is not
// stored, so a read racing a write can never cache the old state.
func (c *Cache) Gen() uint64 {
	if c == nil {
		return 0
	}
	return c.gen.Load()
}

// Get returns the entry for key.
func (c *Cache) Get(key string) (*Entry, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.store.GetIfPresent(key)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return e, ok
}

// Set stores e under key unless an invalidation happened since gen.
func (c *Cache) Set(key string, e *Entry, gen uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen.Load() != gen {
		return
	}
	for _, k := range e.Keys {
		m := c.index[k]
		if m == nil {
			m = map[string]*Entry{}
			c.index[k] = m
		}
		m[key] = e
	}
	c.store.Set(key, e)
}

// Invalidate drops every entry carrying one of the surrogate keys and
// returns how many it dropped.
func (c *Cache) Invalidate(keys ...string) int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	c.gen.Add(1)
	var victims []string
	for _, k := range keys {
		for reqKey := range c.index[k] {
			victims = append(victims, reqKey)
		}
	}
	c.mu.Unlock()
	n := 0
	for _, v := range victims {
		if _, ok := c.store.Invalidate(v); ok {
			n++
		}
	}
	c.invalidated.Add(int64(n))
	return n
}

// Purge drops everything.
func (c *Cache) Purge() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.gen.Add(1)
	c.mu.Unlock()
	c.store.InvalidateAll()
}

// unindex forgets key under its surrogate keys, unless key was set again
// with another entry since.
func (c *Cache) unindex(key string, e *Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range e.Keys {
		if m := c.index[k]; m != nil && m[key] == e {
			delete(m, key)
			if len(m) == 0 {
				delete(c.index, k)
			}
		}
	}
}

// Stats are counters for metrics.
type Stats struct {
	Hits, Misses, Invalidated int64
	Entries                   int
	Bytes                     uint64
}

// Stats returns the counters and the current size.
func (c *Cache) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	c.store.CleanUp()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Invalidated: c.invalidated.Load(),
		Entries: c.store.EstimatedSize(), Bytes: c.store.WeightedSize()}
}
