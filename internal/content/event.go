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
	EventWebhookCreated  = "webhook.created"
	EventWebhookUpdated  = "webhook.updated"
	EventWebhookDeleted  = "webhook.deleted"
	// EventWebhookDisabled is appended by the dispatcher when a webhook's
	// run of failed deliveries reaches the limit.
	EventWebhookDisabled = "webhook.disabled"
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

// IdempotencyRecord is the stored outcome of a POST sent with an
// Idempotency-Key: claimed while in flight, then the response to replay.
type IdempotencyRecord struct {
	Caller      string
	Key         string
	Fingerprint string
	Done        bool
	Status      int
	Headers     string // JSON object of the replayed headers
	Body        []byte
	LockedUntil time.Time
	ExpiresAt   time.Time
	CreatedAt   time.Time
}
