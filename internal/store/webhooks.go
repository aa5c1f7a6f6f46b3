package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/folio-cms/folio/internal/content"
)

type webhookRow struct {
	ID                  string
	URL                 string
	Events              string
	Secret              string
	Active              bool
	DisabledReason      string
	ConsecutiveFailures int
	LastEventID         int64
	CreatedAt           time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt           time.Time `gorm:"autoUpdateTime:false"`
}

func (webhookRow) TableName() string { return "webhooks" }

func (r webhookRow) webhook() (content.Webhook, error) {
	w := content.Webhook{ID: r.ID, URL: r.URL, Secret: r.Secret, Active: r.Active, DisabledReason: r.DisabledReason,
		Failures: r.ConsecutiveFailures, LastEventID: r.LastEventID, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if err := json.Unmarshal([]byte(r.Events), &w.Events); err != nil {
		return w, fmt.Errorf("webhook %s: decode events: %w", r.ID, err)
	}
	return w, nil
}

func toWebhookRow(w content.Webhook) (webhookRow, error) {
	events, err := json.Marshal(w.Events)
	if err != nil {
		return webhookRow{}, fmt.Errorf("encode webhook events: %w", err)
	}
	return webhookRow{ID: w.ID, URL: w.URL, Events: string(events), Secret: w.Secret, Active: w.Active,
		DisabledReason: w.DisabledReason, ConsecutiveFailures: w.Failures, LastEventID: w.LastEventID,
		CreatedAt: w.CreatedAt.UTC(), UpdatedAt: w.UpdatedAt.UTC()}, nil
}

// CreateWebhook inserts w, position included.
func (s *Store) CreateWebhook(ctx context.Context, w content.Webhook) error {
	row, err := toWebhookRow(w)
	if err != nil {
		return err
	}
	return translate(s.write(ctx).Create(&row).Error, "create webhook")
}

// GetWebhook returns the webhook with id from the primary, so the
// dispatcher and the API always see the latest position and state.
func (s *Store) GetWebhook(ctx context.Context, id string) (content.Webhook, error) {
	var row webhookRow
	if err := s.write(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return content.Webhook{}, translate(err, "get webhook "+id)
	}
	return row.webhook()
}

// LockWebhook is GetWebhook for a read-modify-write inside InTx: on
// PostgreSQL it locks the row until the transaction ends (SQLite's
// transactions already exclude every other writer).
func (s *Store) LockWebhook(ctx context.Context, id string) (content.Webhook, error) {
	q := s.write(ctx).Where("id = ?", id)
	if s.dialect == DialectPostgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var row webhookRow
	if err := q.Take(&row).Error; err != nil {
		return content.Webhook{}, translate(err, "lock webhook "+id)
	}
	return row.webhook()
}

// ListWebhooks returns up to limit webhooks with id after afterID, oldest first.
func (s *Store) ListWebhooks(ctx context.Context, limit int, afterID string) ([]content.Webhook, error) {
	q := s.write(ctx).Order("id ASC").Limit(limit) // admin reads: never behind a replica
	if afterID != "" {
		q = q.Where("id > ?", afterID)
	}
	var rows []webhookRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "list webhooks")
	}
	out := make([]content.Webhook, len(rows))
	for i, r := range rows {
		w, err := r.webhook()
		if err != nil {
			return nil, err
		}
		out[i] = w
	}
	return out, nil
}

// ActiveWebhookIDs returns the ids of the webhooks that take deliveries.
func (s *Store) ActiveWebhookIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := s.write(ctx).Model(&webhookRow{}).Where("active = ?", true).Order("id ASC").Pluck("id", &ids).Error
	return ids, translate(err, "list active webhooks")
}

// UpdateWebhook stores every field of w except its position, which only
// AdvanceWebhook moves. Read w with LockWebhook in the same transaction.
func (s *Store) UpdateWebhook(ctx context.Context, w content.Webhook) error {
	events, err := json.Marshal(w.Events)
	if err != nil {
		return fmt.Errorf("encode webhook events: %w", err)
	}
	res := s.write(ctx).Model(&webhookRow{}).Where("id = ?", w.ID).Updates(map[string]any{
		"url": w.URL, "events": string(events), "secret": w.Secret, "active": w.Active,
		"disabled_reason": w.DisabledReason, "consecutive_failures": w.Failures, "updated_at": w.UpdatedAt.UTC()})
	if res.Error != nil {
		return translate(res.Error, "update webhook "+w.ID)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("update webhook %s: %w", w.ID, content.ErrNotFound)
	}
	return nil
}

// AdvanceWebhook moves the webhook's position forward to eventID (never
// back) and, when delivered is true, ends its run of failures. It returns
// ErrNotFound when the webhook is gone.
func (s *Store) AdvanceWebhook(ctx context.Context, id string, eventID int64, delivered bool) error {
	set := map[string]any{"last_event_id": eventID}
	if delivered {
		set["consecutive_failures"] = 0
	}
	res := s.write(ctx).Model(&webhookRow{}).Where("id = ? AND last_event_id < ?", id, eventID).Updates(set)
	if res.Error != nil {
		return translate(res.Error, "advance webhook "+id)
	}
	if res.RowsAffected == 0 {
		var n int64
		if err := s.write(ctx).Model(&webhookRow{}).Where("id = ?", id).Count(&n).Error; err != nil {
			return translate(err, "advance webhook "+id)
		}
		if n == 0 {
			return fmt.Errorf("advance webhook %s: %w", id, content.ErrNotFound)
		}
	}
	return nil
}

// DeleteWebhook removes the webhook with id and its delivery log.
func (s *Store) DeleteWebhook(ctx context.Context, id string) error {
	res := s.write(ctx).Where("id = ?", id).Delete(&webhookRow{})
	if res.Error != nil {
		return translate(res.Error, "delete webhook")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("delete webhook %s: %w", id, content.ErrNotFound)
	}
	return nil
}

// LastEventID returns the sequence of the newest event, or 0 for an empty log.
func (s *Store) LastEventID(ctx context.Context) (int64, error) {
	var id int64
	err := s.write(ctx).Model(&eventRow{}).Select("COALESCE(MAX(id), 0)").Scan(&id).Error
	return id, translate(err, "last event id")
}

type deliveryRow struct {
	ID          int64 `gorm:"primaryKey;autoIncrement"`
	WebhookID   string
	DeliveryID  string
	EventID     int64
	EventType   string
	Attempt     int
	StatusCode  *int
	Error       string
	DurationMS  int64 `gorm:"column:duration_ms"`
	Succeeded   bool
	NextRetryAt *time.Time
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

func (deliveryRow) TableName() string { return "webhook_deliveries" }

func (r deliveryRow) delivery() content.Delivery {
	d := content.Delivery{ID: r.ID, WebhookID: r.WebhookID, DeliveryID: r.DeliveryID, EventID: r.EventID,
		EventType: r.EventType, Attempt: r.Attempt, Error: r.Error, Duration: time.Duration(r.DurationMS) * time.Millisecond,
		Succeeded: r.Succeeded, NextRetryAt: utcPtr(r.NextRetryAt), CreatedAt: r.CreatedAt.UTC()}
	if r.StatusCode != nil {
		d.StatusCode = *r.StatusCode
	}
	return d
}

// InsertDelivery records one delivery attempt and sets d.ID.
func (s *Store) InsertDelivery(ctx context.Context, d *content.Delivery) error {
	row := deliveryRow{WebhookID: d.WebhookID, DeliveryID: d.DeliveryID, EventID: d.EventID, EventType: d.EventType,
		Attempt: d.Attempt, Error: d.Error, DurationMS: d.Duration.Milliseconds(), Succeeded: d.Succeeded,
		NextRetryAt: utcPtr(d.NextRetryAt), CreatedAt: d.CreatedAt.UTC()}
	if d.StatusCode != 0 {
		row.StatusCode = &d.StatusCode
	}
	if err := s.write(ctx).Create(&row).Error; err != nil {
		return translate(err, "record delivery")
	}
	d.ID = row.ID
	return nil
}

// ListDeliveries returns up to limit attempts of a webhook, newest first,
// older than the attempt beforeID (0 for the newest).
func (s *Store) ListDeliveries(ctx context.Context, webhookID string, limit int, beforeID int64) ([]content.Delivery, error) {
	q := s.write(ctx).Where("webhook_id = ?", webhookID).Order("id DESC").Limit(limit)
	if beforeID > 0 {
		q = q.Where("id < ?", beforeID)
	}
	var rows []deliveryRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "list deliveries")
	}
	out := make([]content.Delivery, len(rows))
	for i, r := range rows {
		out[i] = r.delivery()
	}
	return out, nil
}

// PruneDeliveries deletes delivery attempts recorded before cutoff and
// returns how many went.
func (s *Store) PruneDeliveries(ctx context.Context, cutoff time.Time) (int64, error) {
	res := s.write(ctx).Where("created_at < ?", cutoff.UTC()).Delete(&deliveryRow{})
	return res.RowsAffected, translate(res.Error, "prune deliveries")
}

// ClaimWebhook takes or renews owner's lease on delivering webhook id until
// until. It reports false when another owner holds a lease that has not
// expired at now.
func (s *Store) ClaimWebhook(ctx context.Context, id, owner string, now, until time.Time) (bool, error) {
	res := s.write(ctx).Model(&webhookRow{}).
		Where("id = ? AND (lease_owner = ? OR lease_owner = '' OR lease_until IS NULL OR lease_until < ?)", id, owner, now.UTC()).
		Updates(map[string]any{"lease_owner": owner, "lease_until": until.UTC()})
	return res.RowsAffected == 1, translate(res.Error, "claim webhook "+id)
}

// ReleaseWebhooks gives up owner's leases, so another instance takes over
// at once instead of when they expire.
func (s *Store) ReleaseWebhooks(ctx context.Context, owner string) error {
	err := s.write(ctx).Model(&webhookRow{}).Where("lease_owner = ?", owner).
		Updates(map[string]any{"lease_owner": "", "lease_until": nil}).Error
	return translate(err, "release webhooks")
}
