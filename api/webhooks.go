package api

import "time"

// Webhook is a URL subscribed to event types. Each delivery POSTs the event
// JSON (as GET /v1/events serves it) with X-Folio-Signature: sha256=<hex
// HMAC-SHA256 of the raw body keyed by the secret>, X-Folio-Timestamp (Unix
// seconds), X-Folio-Timestamp-Signature (the same HMAC over timestamp + "."
// + body), X-Folio-Event and X-Folio-Delivery (the same for every attempt
// at one event; deliveries are at least once, so dedupe on it).
type Webhook struct {
	ID  string `json:"id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9W" validate:"required"`
	URL string `json:"url" example:"https://hooks.example.com/folio" validate:"required"`
	// Event types, <entity>.* or *.
	Events []string `json:"events" example:"post.*,tag.created" validate:"required"`
	// The signing secret: present only in the response that created the webhook.
	Secret *string `json:"secret,omitempty" example:"whsec_6fJ2k..."`
	// False once disabled by an admin or after too many failed deliveries in a row.
	Active bool `json:"active" example:"true" validate:"required"`
	// Why the webhook is inactive; empty while active.
	DisabledReason string `json:"disabled_reason" validate:"required"`
	// Failed attempts since the last delivered event.
	ConsecutiveFailures int `json:"consecutive_failures" example:"0" validate:"required"`
	// Sequence of the last event delivered or skipped; delivery resumes after it.
	LastEventID int64     `json:"last_event_id" example:"1042" validate:"required"`
	CreatedAt   time.Time `json:"created_at" validate:"required"`
	UpdatedAt   time.Time `json:"updated_at" validate:"required"`
} // @name Webhook

// WebhookCreate is the body of POST /v1/webhooks.
type WebhookCreate struct {
	// An http or https URL on a public address.
	URL string `json:"url" example:"https://hooks.example.com/folio" validate:"required"`
	// Event types (post.published), a whole entity (post.*) or everything (*).
	Events []string `json:"events" example:"post.*,tag.created" validate:"required"`
	// 16 to 256 printable ASCII characters; generated when absent.
	Secret *string `json:"secret,omitempty" example:"a-long-shared-secret"`
} // @name WebhookCreate

// WebhookPatch is a merge patch of a webhook.
type WebhookPatch struct {
	URL    *string   `json:"url,omitempty"`
	Events *[]string `json:"events,omitempty"`
	// A new signing secret; it is not echoed back.
	Secret *string `json:"secret,omitempty"`
	// True enables the webhook again and clears its failures; false disables it.
	Active *bool `json:"active,omitempty"`
} // @name WebhookPatch

// WebhookList is a page of webhooks.
type WebhookList struct {
	Data []Webhook `json:"data" validate:"required"`
	Meta ListMeta  `json:"meta" validate:"required"`
} // @name WebhookList

// WebhookDelivery is one attempt to deliver an event.
type WebhookDelivery struct {
	ID int64 `json:"id" example:"77" validate:"required"`
	// The X-Folio-Delivery header: the same for every attempt at one event.
	DeliveryID string `json:"delivery_id" example:"01JD7X4J2M8Q9W3E5R6T7Y8U9X" validate:"required"`
	EventID    int64  `json:"event_id" example:"1043" validate:"required"`
	EventType  string `json:"event_type" example:"post.published" validate:"required"`
	// 1 for the first attempt at this event, counting up with each retry.
	Attempt int `json:"attempt" example:"1" validate:"required"`
	// The receiver's status code; absent when no response came.
	StatusCode *int `json:"status_code,omitempty" example:"200"`
	// Why the attempt failed; empty when it succeeded.
	Error      string `json:"error" validate:"required"`
	DurationMS int64  `json:"duration_ms" example:"84" validate:"required"`
	Succeeded  bool   `json:"succeeded" example:"true" validate:"required"`
	// When the next attempt is due; absent after a success or when the webhook was disabled.
	NextRetryAt *time.Time `json:"next_retry_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at" validate:"required"`
} // @name WebhookDelivery

// WebhookDeliveryList is a page of a webhook's deliveries, newest first.
type WebhookDeliveryList struct {
	Data []WebhookDelivery `json:"data" validate:"required"`
	Meta ListMeta          `json:"meta" validate:"required"`
} // @name WebhookDeliveryList
