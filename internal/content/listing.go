package content

import "time"

// ListingKind says how a listing picks its posts.
type ListingKind string

// The listing kinds.
const (
	ListingManual ListingKind = "manual" // an ordered list of post ids
	ListingByRule ListingKind = "rule"   // a saved query resolved at read time
)

// MaxListingPosts bounds a manual listing.
const MaxListingPosts = 500

// ListingRule is the saved query of a rule listing.
type ListingRule struct {
	Tags     []string `json:"tags,omitempty"`
	Author   string   `json:"author,omitempty"`
	Featured *bool    `json:"featured,omitempty"`
	Sort     PostSort `json:"sort,omitempty"`
	Limit    int      `json:"limit,omitempty"`
}

// Listing is a named page of posts: the home page, "featured", a series.
type Listing struct {
	ID          string      `json:"id"`
	Slug        string      `json:"slug"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Kind        ListingKind `json:"kind"`
	PostIDs     []string    `json:"post_ids"`
	Rule        ListingRule `json:"rule"`
	Version     int         `json:"version"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// ListingInput is a listing create or patch; nil fields are unchanged.
type ListingInput struct {
	Slug        *string
	Title       *string
	Description *string
	Kind        *ListingKind
	PostIDs     *[]string
	Rule        *ListingRule
}

// Validate checks the fields that are present; create also requires slug, title and kind.
func (in ListingInput) Validate(create bool) error {
	ve := &ValidationError{}
	if in.Slug != nil || create {
		if !IsSlug(deref(in.Slug)) {
			ve.Add("slug", "must be lowercase a-z, 0-9 and single dashes, at most %d characters", MaxSlugLen)
		}
	}
	if in.Title != nil || create {
		checkText(ve, "title", deref(in.Title), 1, MaxTitleLen)
	}
	if in.Description != nil {
		checkText(ve, "description", *in.Description, 0, MaxDescriptionLen)
	}
	if in.Kind != nil || create {
		if k := deref(in.Kind); k != ListingManual && k != ListingByRule {
			ve.Add("kind", "must be manual or rule")
		}
	}
	if in.PostIDs != nil {
		checkPostIDs(ve, *in.PostIDs)
	}
	if in.Rule != nil {
		checkRule(ve, *in.Rule)
	}
	return ve.Err()
}

func checkPostIDs(ve *ValidationError, ids []string) {
	if len(ids) > MaxListingPosts {
		ve.Add("post_ids", "at most %d posts", MaxListingPosts)
		return
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !IsID(id) {
			ve.Add("post_ids", "%q is not a post id", id)
			return
		}
		if seen[id] {
			ve.Add("post_ids", "%s is listed twice", id)
			return
		}
		seen[id] = true
	}
}

func checkRule(ve *ValidationError, r ListingRule) {
	if len(r.Tags) > 20 {
		ve.Add("rule.tags", "at most 20 tags")
	}
	for _, t := range r.Tags {
		if !IsSlug(t) {
			ve.Add("rule.tags", "%q is not a tag slug", t)
			break
		}
	}
	if r.Author != "" && !IsSlug(r.Author) {
		ve.Add("rule.author", "must be an author slug")
	}
	switch r.Sort {
	case "", SortPublishedDesc, SortPublishedAsc, SortUpdatedDesc, SortTitle:
	default:
		ve.Add("rule.sort", "must be one of -published_at, published_at, -updated_at, title")
	}
	if r.Limit < 0 || r.Limit > 100 {
		ve.Add("rule.limit", "must be from 1 to 100 (0 means 20)")
	}
}

// Event types of listings.
const (
	EventListingCreated = "listing.created"
	EventListingUpdated = "listing.updated"
	EventListingDeleted = "listing.deleted"
)

// ArchiveMonth counts the posts published in one month.
type ArchiveMonth struct {
	Year  int
	Month int
	Count int
}

// MovedError says a post is now found under another slug.
type MovedError struct {
	Slug string
}

func (e *MovedError) Error() string { return "moved to " + e.Slug }
