package api

import "time"

// ListingRule is the saved query of a rule listing, resolved at read time.
type ListingRule struct {
	// Tag slugs; posts with any of them.
	Tags     []string `json:"tags,omitempty" example:"architecture"`
	Author   string   `json:"author,omitempty" example:"maya-okafor"`
	Featured *bool    `json:"featured,omitempty"`
	Sort     string   `json:"sort,omitempty" enums:"-published_at,published_at,-updated_at,title"`
	// Posts per page when the reader does not ask; 0 means 20.
	Limit int `json:"limit,omitempty" example:"10"`
} // @name ListingRule

// Listing is a named page of posts.
type Listing struct {
	ID          string `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9E" validate:"required"`
	Slug        string `json:"slug" example:"featured" validate:"required"`
	Title       string `json:"title" example:"Featured" validate:"required"`
	Description string `json:"description" validate:"required"`
	Kind        string `json:"kind" enums:"manual,rule" example:"manual" validate:"required"`
	// Manual listings: the posts, in order.
	PostIDs []string `json:"post_ids" validate:"required"`
	// Rule listings: the rule.
	Rule      *ListingRule `json:"rule,omitempty"`
	Version   int          `json:"version" example:"1" validate:"required"`
	CreatedAt time.Time    `json:"created_at" validate:"required"`
	UpdatedAt time.Time    `json:"updated_at" validate:"required"`
} // @name Listing

// ListingWithPosts is a listing with one page of its published posts.
type ListingWithPosts struct {
	Listing
	Posts PostList `json:"posts" validate:"required"`
} // @name ListingWithPosts

// ListingList is a page of listings.
type ListingList struct {
	Data []Listing `json:"data" validate:"required"`
	Meta ListMeta  `json:"meta" validate:"required"`
} // @name ListingList

// ListingCreate is the body of POST /v1/listings.
type ListingCreate struct {
	Slug        string       `json:"slug" example:"featured" validate:"required"`
	Title       string       `json:"title" example:"Featured" validate:"required"`
	Description *string      `json:"description,omitempty"`
	Kind        string       `json:"kind" enums:"manual,rule" example:"manual" validate:"required"`
	PostIDs     []string     `json:"post_ids,omitempty"`
	Rule        *ListingRule `json:"rule,omitempty"`
} // @name ListingCreate

// ListingPatch is a merge patch of a listing.
type ListingPatch struct {
	Slug        *string      `json:"slug,omitempty"`
	Title       *string      `json:"title,omitempty"`
	Description *string      `json:"description,omitempty"`
	Kind        *string      `json:"kind,omitempty" enums:"manual,rule"`
	PostIDs     []string     `json:"post_ids,omitempty"`
	Rule        *ListingRule `json:"rule,omitempty"`
} // @name ListingPatch

// ArchiveMonth counts the posts published in one month.
type ArchiveMonth struct {
	Year  int `json:"year" example:"2026" validate:"required"`
	Month int `json:"month" example:"11" validate:"required"`
	Count int `json:"count" example:"4" validate:"required"`
} // @name ArchiveMonth

// Archive lists months with published posts, newest first.
type Archive struct {
	Data []ArchiveMonth `json:"data" validate:"required"`
} // @name Archive

// RelatedPosts lists posts related to one post.
type RelatedPosts struct {
	Data []Post `json:"data" validate:"required"`
} // @name RelatedPosts

// JSONFeed is a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1).
type JSONFeed struct {
	Version     string         `json:"version" example:"https://jsonfeed.org/version/1.1" validate:"required"`
	Title       string         `json:"title" example:"Folio" validate:"required"`
	HomePageURL string         `json:"home_page_url,omitempty"`
	FeedURL     string         `json:"feed_url,omitempty"`
	Description string         `json:"description,omitempty"`
	Items       []JSONFeedItem `json:"items" validate:"required"`
} // @name JSONFeed

// JSONFeedItem is one post of a JSON Feed.
type JSONFeedItem struct {
	ID            string     `json:"id" validate:"required"`
	URL           string     `json:"url,omitempty"`
	Title         string     `json:"title,omitempty"`
	ContentHTML   string     `json:"content_html,omitempty"`
	Summary       string     `json:"summary,omitempty"`
	DatePublished *time.Time `json:"date_published,omitempty"`
	DateModified  *time.Time `json:"date_modified,omitempty"`
} // @name JSONFeedItem

// Event is one entry of the append-only change log; webhooks deliver the same JSON.
type Event struct {
	// Sequence number: increasing, never reused.
	ID        int64  `json:"id" example:"42" validate:"required"`
	Type      string `json:"type" example:"post.published" validate:"required"`
	Entity    string `json:"entity" enums:"post,tag,listing,user,webhook" example:"post" validate:"required"`
	EntityID  string `json:"entity_id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9C" validate:"required"`
	ActorID   string `json:"actor_id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9B" validate:"required"`
	RequestID string `json:"request_id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9F" validate:"required"`
	// When the change committed.
	OccurredAt time.Time `json:"occurred_at" validate:"required"`
	// The entity's new state (for deletes: its last state).
	Data map[string]any `json:"data" validate:"required"`
} // @name Event

// EventList is a run of the log.
type EventList struct {
	Data []Event       `json:"data" validate:"required"`
	Meta EventListMeta `json:"meta" validate:"required"`
} // @name EventList

// EventListMeta tells where the next page starts.
type EventListMeta struct {
	Limit int `json:"limit" example:"100" validate:"required"`
	// Pass as after to read on; equal to the request's after when nothing is new.
	NextAfter int64 `json:"next_after" example:"142" validate:"required"`
} // @name EventListMeta

// Revision is one recorded version of a post.
type Revision struct {
	Version    int       `json:"version" example:"3" validate:"required"`
	EventID    int64     `json:"event_id" example:"42" validate:"required"`
	Type       string    `json:"type" example:"post.updated" validate:"required"`
	ActorID    string    `json:"actor_id" validate:"required"`
	OccurredAt time.Time `json:"occurred_at" validate:"required"`
	Title      string    `json:"title" validate:"required"`
} // @name Revision

// RevisionList lists a post's versions, oldest first.
type RevisionList struct {
	Data []Revision `json:"data" validate:"required"`
} // @name RevisionList

// RevisionDetail is one version with the post as it was.
type RevisionDetail struct {
	Revision
	Post Post `json:"post" validate:"required"`
} // @name RevisionDetail
