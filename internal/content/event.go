package content

import (
	"encoding/json"
	"time"
)

// Event types appended to the log.
const (
	EventPostCreated     = "post.created"
	EventPostUpdated     = "post.updated"
	EventPostPublished   = "post.published"
	EventPostUnpublished = "post.unpublished"
	EventPostDeleted     = "post.deleted"
	EventTagCreated      = "tag.created"
	EventTagUpdated      = "tag.updated"
	EventTagDeleted      = "tag.deleted"
	EventUserCreated     = "user.created"
	EventUserUpdated     = "user.updated"
	EventUserDeleted     = "user.deleted"
)

// Event is one entry of the append-only change log.
type Event struct {
	ID         int64
	Type       string
	Entity     string
	EntityID   string
	ActorID    string
	RequestID  string
	OccurredAt time.Time
	Data       json.RawMessage
}
