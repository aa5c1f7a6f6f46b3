package main

import (
	"encoding/json"
	"fmt"

	"github.com/folio-cms/folio/bench/internal/wire"
	"github.com/folio-cms/folio/internal/seed"
)

// workload is one thing the benchmark measures.
type workload struct {
	key   string // short name: BENCH_ONLY matches it, targets refer to it
	title string
	reqs  []wire.Request
	conns int
	bytes int // mean response body of the GETs among reqs
	// expect, when set, is the status every server must answer the first
	// request with, checked before the load: a revalidation that got 200s
	// would otherwise pass for a fast one.
	expect int
}

func gets(paths []string, header func(path string) map[string]string) []wire.Request {
	reqs := make([]wire.Request, len(paths))
	for i, p := range paths {
		reqs[i] = wire.Request{Method: "GET", Path: p}
		if header != nil {
			reqs[i].Header = header(p)
		}
	}
	return reqs
}

func readWorkload(c corpus, key, title string, paths []string, conns int) workload {
	return workload{key: key, title: title, reqs: gets(paths, nil), conns: conns, bytes: c.sizeOf(paths)}
}

// readWorkloads are the reads run against folio, with and without its
// cache, and against the ceiling. Requests rotate over many URIs, as
// readers do, rather than repeat one.
func readWorkloads(c corpus, conns int) []workload {
	revalidate := readWorkload(c, "revalidate", fmt.Sprintf("If-None-Match → 304 (%d posts)", len(c.slugs)), c.slugs, conns)
	revalidate.reqs = gets(c.slugs, func(p string) map[string]string {
		return map[string]string{"If-None-Match": c.responses[p].Header["Etag"]}
	})
	revalidate.bytes, revalidate.expect = 0, 304 // a 304 has no body
	return []workload{
		readWorkload(c, "list", "list newest 20", []string{c.list}, conns),
		readWorkload(c, "tag", fmt.Sprintf("list by tag (%d tags)", len(c.tags)), c.tags, conns),
		readWorkload(c, "slug", fmt.Sprintf("get by slug (%d posts)", len(c.slugs)), c.slugs, conns),
		readWorkload(c, "search", fmt.Sprintf("search q (%d queries)", len(c.searches)), c.searches, conns),
		readWorkload(c, "page500", "cursor page 500", []string{c.page500}, conns),
		revalidate,
	}
}

// scaleWorkloads are the reads whose cost should not grow with the number
// of posts.
func scaleWorkloads(c corpus, conns int) []workload {
	return []workload{
		readWorkload(c, "list", "list newest 20", []string{c.list}, conns),
		readWorkload(c, "search", fmt.Sprintf("search q (%d queries)", len(c.searches)), c.searches, conns),
	}
}

// createRequest is POST /v1/posts of a published post with a realistic
// body (seed.Body(i)) and a title numbered by the load generator.
func createRequest(token string, i, weight int) wire.Request {
	body, _ := json.Marshal(map[string]any{
		"title":         "Bench post " + wire.Counter,
		"body_markdown": seed.Body(i),
		"tags":          []string{fmt.Sprintf("tag-%d", i%50), fmt.Sprintf("tag-%d", (i+17)%50), "bench"},
		"status":        "published",
	})
	return wire.Request{Method: "POST", Path: "/v1/posts", Body: string(body), Weight: weight,
		Header: map[string]string{"Authorization": "Bearer " + token, "Content-Type": "application/json"}}
}

// createWorkload is writers connections creating posts as fast as folio
// takes them.
func createWorkload(token string, writers int) workload {
	var reqs []wire.Request
	for i := range 8 {
		reqs = append(reqs, createRequest(token, i, 1))
	}
	return workload{key: "create", title: fmt.Sprintf("create post (%d writers)", writers), reqs: reqs, conns: writers}
}

// mixWorkload is 95 % reads (front page, tag pages, posts) and 5 % creates:
// each of the n reads weighs 19 and the create weighs n.
func mixWorkload(c corpus, token string, conns int) workload {
	paths := append(append([]string{c.list}, c.tags...), c.slugs...)
	reqs := gets(paths, nil)
	for i := range reqs {
		reqs[i].Weight = 19
	}
	reqs = append(reqs, createRequest(token, 0, len(paths)))
	return workload{key: "mix", title: "95/5 read/write mix", reqs: reqs, conns: conns, bytes: c.sizeOf(paths)}
}
