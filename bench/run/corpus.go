package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/folio-cms/folio/bench/internal/wire"
)

// searchQueries are what the search workload asks: seeded topic words,
// alone and in pairs, each matching a few per cent of the posts.
var searchQueries = []string{"latency", "cache index", "distributed consistency", "replica", "event log",
	"throughput", "queue backpressure", "monolith service", "idempotent write", "scalable systems"}

// corpus is the request URIs of the read workloads, with folio's response
// to each recorded for the ceiling to replay.
type corpus struct {
	list      string
	tags      []string
	slugs     []string
	searches  []string
	page500   string
	responses map[string]wire.Response
}

// discover builds the corpus of a folio holding posts seeded posts: it
// follows 499 cursors from the first page to find page 500 and records
// every response.
func discover(ctx context.Context, addr string, posts int) (corpus, error) {
	c := corpus{list: "/v1/posts?limit=20", responses: map[string]wire.Response{}}
	for i := range 50 {
		c.tags = append(c.tags, fmt.Sprintf("/v1/posts?tag=tag-%d", i))
	}
	step := max(posts/200, 1)
	for i := 0; i < posts && len(c.slugs) < 200; i += step {
		c.slugs = append(c.slugs, fmt.Sprintf("/v1/posts/post-%05d", i))
	}
	for _, q := range searchQueries {
		c.searches = append(c.searches, "/v1/posts?q="+url.QueryEscape(q))
	}
	client := &http.Client{Timeout: time.Minute}
	var err error
	if c.page500, err = pageAfter(ctx, client, addr, c.list, min(499, posts/20-1)); err != nil {
		return c, err
	}
	all := append(append(append([]string{c.list, c.page500}, c.tags...), c.slugs...), c.searches...)
	for _, path := range all {
		r, err := record(ctx, client, addr, path)
		if err != nil {
			return c, err
		}
		c.responses[path] = r
	}
	return c, nil
}

// pageAfter follows n next_cursor links from first and returns the URI of
// the page it lands on.
func pageAfter(ctx context.Context, client *http.Client, addr, first string, n int) (string, error) {
	path := first
	for range n {
		r, err := record(ctx, client, addr, path)
		if err != nil {
			return "", err
		}
		var page struct {
			Meta struct {
				NextCursor *string `json:"next_cursor"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(r.Body, &page); err != nil || page.Meta.NextCursor == nil {
			return "", fmt.Errorf("GET %s: no next_cursor (%v)", path, err)
		}
		path = first + "&cursor=" + url.QueryEscape(*page.Meta.NextCursor)
	}
	return path, nil
}

// record GETs path and keeps the status, the headers a ceiling can replay
// and the body; anything but 200 is an error.
func record(ctx context.Context, client *http.Client, addr, path string) (wire.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		return wire.Response{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return wire.Response{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return wire.Response{}, fmt.Errorf("GET %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return wire.Response{}, fmt.Errorf("GET %s: %s: %.200s", path, resp.Status, body)
	}
	h := map[string]string{}
	for k, v := range resp.Header {
		switch k {
		case "Date", "Content-Length", "Transfer-Encoding", "Connection":
		default:
			h[k] = strings.Join(v, ", ")
		}
	}
	return wire.Response{Path: path, Status: resp.StatusCode, Header: h, Body: body}, nil
}

// login returns an access token for the bench admin.
func login(ctx context.Context, addr string) (string, error) {
	body := fmt.Sprintf(`{"email":%q,"password":%q}`, adminEmail, adminPassword)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/v1/auth/login", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK || out.AccessToken == "" {
		return "", fmt.Errorf("login: %s (%v)", resp.Status, err)
	}
	return out.AccessToken, nil
}

// sizeOf is the mean body size of the recorded responses to paths.
func (c corpus) sizeOf(paths []string) int {
	if len(paths) == 0 {
		return 0
	}
	total := 0
	for _, p := range paths {
		total += len(c.responses[p].Body)
	}
	return total / len(paths)
}

// probe sends r once and returns the response status.
func probe(ctx context.Context, addr string, r wire.Request) (int, error) {
	req, err := http.NewRequestWithContext(ctx, r.Method, "http://"+addr+r.Path, strings.NewReader(r.Body))
	if err != nil {
		return 0, err
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
