package httpapi

import (
	"encoding/json"
	"strings"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

// postFields are the names the fields parameter may use.
var postFields = map[string]bool{
	"id": true, "slug": true, "title": true, "excerpt": true, "body_markdown": true, "body_html": true,
	"toc": true, "reading_time_minutes": true, "word_count": true, "status": true, "published_at": true,
	"featured": true, "cover_image": true, "meta_title": true, "meta_description": true,
	"canonical_url": true, "tags": true, "author": true, "version": true, "created_at": true, "updated_at": true, "snippet": true,
}

// fieldSet is a validated sparse field list; nil means all list fields.
type fieldSet map[string]bool

func parseFields(raw string) (fieldSet, error) {
	if raw == "" {
		return nil, nil
	}
	fs := fieldSet{"id": true}
	for _, f := range strings.Split(raw, ",") {
		f = strings.TrimSpace(f)
		if !postFields[f] {
			return nil, content.BadParam("fields", "unknown post field %q", f)
		}
		fs[f] = true
	}
	return fs, nil
}

func (fs fieldSet) wantsBody() bool {
	return fs["body_markdown"] || fs["body_html"] || fs["toc"]
}

type sparsePostList struct {
	Data []map[string]json.RawMessage `json:"data"`
	Meta api.ListMeta                 `json:"meta"`
}

// project keeps only the named fields of every post; id is always kept.
func (fs fieldSet) project(l api.PostList) sparsePostList {
	out := sparsePostList{Data: make([]map[string]json.RawMessage, len(l.Data)), Meta: l.Meta}
	for i, p := range l.Data {
		raw, _ := json.Marshal(p)
		var all map[string]json.RawMessage
		_ = json.Unmarshal(raw, &all) // our own output; it round-trips
		m := make(map[string]json.RawMessage, len(fs))
		for name := range fs {
			if v, ok := all[name]; ok {
				m[name] = v
			} else {
				m[name] = json.RawMessage("null")
			}
		}
		out.Data[i] = m
	}
	return out
}
