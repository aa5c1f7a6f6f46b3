package httpapi

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/service"
)

// parseLimit reads limit: 1..100, default 20; anything else is a 400, never clamped.
func parseLimit(q url.Values) (int, error) {
	raw := q.Get("limit")
	if raw == "" {
		return service.DefaultLimit, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > service.MaxLimit {
		return 0, content.BadParam("limit", "must be an integer from 1 to %d", service.MaxLimit)
	}
	return n, nil
}

func parsePage(q url.Values) (content.Page, error) {
	limit, err := parseLimit(q)
	return content.Page{Limit: limit, Cursor: q.Get("cursor")}, err
}

func parseBool(q url.Values, name string) (*bool, error) {
	raw := q.Get(name)
	if raw == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		return nil, content.BadParam(name, "must be true or false")
	}
	return &b, nil
}

func parseTime(q url.Values, name string) (*time.Time, error) {
	raw := q.Get(name)
	if raw == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		return nil, content.BadParam(name, "must be an RFC 3339 time like 2026-01-02T15:04:05Z")
	}
	return &t, nil
}

// parseSlugs reads a comma list of slugs, at most 20.
func parseSlugs(q url.Values, name string) ([]string, error) {
	raw := q.Get(name)
	if raw == "" {
		return nil, nil
	}
	parts := strings.Split(raw, ",")
	if len(parts) > 20 {
		return nil, content.BadParam(name, "at most 20 slugs")
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if !content.IsSlug(p) {
			return nil, content.BadParam(name, "must be a comma list of slugs (a-z, 0-9, -)")
		}
		out = append(out, p)
	}
	return out, nil
}

func parseTagSort(q url.Values) (content.TagSort, error) {
	switch q.Get("sort") {
	case "", "name":
		return content.TagSortName, nil
	case "-post_count":
		return content.TagSortPostCount, nil
	}
	return "", content.BadParam("sort", "must be name or -post_count")
}

func badParam(name, msg string) error { return content.BadParam(name, "%s", msg) }
