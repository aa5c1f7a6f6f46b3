package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/folio-cms/folio/bench/internal/wire"
)

// target is a request ready to send: raw bytes when they never change, or
// the parts around the body when the body holds wire.Counter.
type target struct {
	raw       []byte
	head      string // request line and headers, without Content-Length
	body      string // with wire.Counter in it
	templated bool
}

// format returns the bytes of one request, numbering a templated body n.
func (t target) format(n string) []byte {
	if !t.templated {
		return t.raw
	}
	body := strings.ReplaceAll(t.body, wire.Counter, n)
	return []byte(t.head + "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
}

func newTarget(addr string, r wire.Request) target {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: folio-bench-load\r\n", r.Method, r.Path, addr)
	for k, v := range r.Header {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	t := target{head: b.String(), body: r.Body, templated: strings.Contains(r.Body, wire.Counter)}
	if !t.templated {
		if r.Body != "" {
			b.WriteString("Content-Length: " + strconv.Itoa(len(r.Body)) + "\r\n")
		}
		t.raw = []byte(b.String() + "\r\n" + r.Body)
	}
	return t
}

// picker chooses the next target by weight.
type picker struct {
	targets []target
	cum     []int // cumulative weights
}

func newPicker(p wire.Plan) picker {
	pk := picker{}
	total := 0
	for _, r := range p.Requests {
		total += max(r.Weight, 1)
		pk.targets = append(pk.targets, newTarget(p.Addr, r))
		pk.cum = append(pk.cum, total)
	}
	return pk
}

func (pk picker) pick(rng *rand.Rand) target {
	if len(pk.targets) == 1 {
		return pk.targets[0]
	}
	x := rng.IntN(pk.cum[len(pk.cum)-1])
	i, _ := slices.BinarySearch(pk.cum, x+1)
	return pk.targets[i]
}

// tally is one connection's measurements.
type tally struct {
	latencies []time.Duration
	statuses  map[int]int64
	socket    int64
	firstErr  error
}

// Run drives p.Addr with p.Connections closed-loop connections for
// p.Duration and returns what it measured. Latency is from the first byte
// written to the last byte read; a socket error closes the connection and
// the worker dials again.
func Run(ctx context.Context, p wire.Plan) (wire.Result, error) {
	if p.Connections < 1 || p.Duration <= 0 || len(p.Requests) == 0 {
		return wire.Result{}, fmt.Errorf("plan needs connections, a duration and requests")
	}
	pk := newPicker(p)
	var counter atomic.Int64
	start := time.Now()
	end := start.Add(p.Duration)
	ctx, cancel := context.WithDeadline(ctx, end)
	defer cancel()
	tallies := make([]tally, p.Connections)
	var wg sync.WaitGroup
	for i := range tallies {
		wg.Go(func() {
			tallies[i] = work(ctx, p, pk, &counter, uint64(i), end)
		})
	}
	wg.Wait()
	return summarize(tallies, time.Since(start)), nil
}

func work(ctx context.Context, p wire.Plan, pk picker, counter *atomic.Int64, id uint64, end time.Time) tally {
	t := tally{statuses: map[int]int64{}, latencies: make([]time.Duration, 0, 4096)}
	rng := rand.New(rand.NewPCG(id, uint64(time.Now().UnixNano())))
	var c *conn
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	for ctx.Err() == nil {
		if c == nil {
			var err error
			if c, err = dial(p.Addr, end.Add(10*time.Second)); err != nil {
				t.fail(err)
				time.Sleep(10 * time.Millisecond)
				continue
			}
		}
		req := pk.pick(rng).format(p.Prefix + strconv.FormatInt(counter.Add(1), 10))
		began := time.Now()
		status, keep, err := c.do(req)
		if err != nil {
			t.fail(err)
			c.Close()
			c = nil
			continue
		}
		t.latencies = append(t.latencies, time.Since(began))
		t.statuses[status]++
		if !keep {
			c.Close()
			c = nil
		}
	}
	return t
}

func (t *tally) fail(err error) {
	t.socket++
	if t.firstErr == nil {
		t.firstErr = err
	}
}

func summarize(tallies []tally, elapsed time.Duration) wire.Result {
	res := wire.Result{Elapsed: elapsed, Statuses: map[int]int64{}}
	var all []time.Duration
	for _, t := range tallies {
		all = append(all, t.latencies...)
		for code, n := range t.statuses {
			res.Statuses[code] += n
			if code != 304 && (code < 200 || code > 299) {
				res.Errors += n
			}
		}
		res.Socket += t.socket
		if t.firstErr != nil && res.FirstError == "" {
			res.FirstError = t.firstErr.Error()
		}
	}
	res.Errors += res.Socket
	res.Requests = int64(len(all))
	slices.Sort(all)
	res.P50, res.P99 = percentile(all, 0.50), percentile(all, 0.99)
	return res
}

// percentile returns the q-quantile of sorted (nearest rank).
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
