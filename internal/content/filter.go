package content

import "time"

// PostSort names an order of a post list; only these keys exist, so no
// client string ever reaches SQL.
type PostSort string

// The sort orders of post lists.
const (
	SortPublishedDesc PostSort = "-published_at"
	SortPublishedAsc  PostSort = "published_at"
	SortUpdatedDesc   PostSort = "-updated_at"
	SortTitle         PostSort = "title"
	SortRelevance     PostSort = "relevance"
)

// PostSorts lists the valid sorts.
var PostSorts = []PostSort{SortPublishedDesc, SortPublishedAsc, SortUpdatedDesc, SortTitle, SortRelevance}

// Keyset is the position after which the next page starts: the sort value of
// the last row and its id, the tie breaker.
type Keyset struct {
	Time  time.Time `json:"t,omitzero"`
	Text  string    `json:"s,omitempty"`
	Float float64   `json:"f,omitempty"`
	ID    string    `json:"i"`
}

// StatusFilter selects posts by what readers see at Now.
type StatusFilter string

// The status filters; Public is what anonymous readers get.
const (
	FilterPublished StatusFilter = "published"
	FilterDraft     StatusFilter = "draft"
	FilterScheduled StatusFilter = "scheduled"
	FilterAny       StatusFilter = "any"
)

// PostFilter says which posts a list returns and in which order.
type PostFilter struct {
	Status StatusFilter
	// OwnerID, when set, limits posts that are not public to this author's.
	OwnerID         string
	Now             time.Time
	Tags            []string // slugs, any of
	AllTags         []string // slugs, all of
	AuthorSlug      string
	Featured        *bool
	PublishedAfter  *time.Time
	PublishedBefore *time.Time
	Query           string
	Sort            PostSort
	After           *Keyset
	Limit           int
	WithBody        bool
}

// TagSort names an order of the tag and author lists.
type TagSort string

// The sort orders of tag and author lists.
const (
	TagSortName      TagSort = "name"
	TagSortPostCount TagSort = "-post_count"
)
