package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// WebhookOptions say which webhook targets the service accepts.
type WebhookOptions struct {
	// AllowPrivate accepts targets on loopback, private, link-local and
	// other non-public addresses (FOLIO_WEBHOOK_ALLOW_PRIVATE).
	AllowPrivate bool
	// Resolver looks up target hosts; nil means net.DefaultResolver.
	Resolver Resolver
}

// Resolver looks up the addresses of a host; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// WebhookList is one page of webhooks.
type WebhookList struct {
	Webhooks   []content.Webhook
	NextCursor string
}

// DeliveryList is one page of a webhook's delivery log, newest first.
type DeliveryList struct {
	Deliveries []content.Delivery
	NextCursor string
}

// ListWebhooks returns webhooks in creation order (admins only).
func (s *Service) ListWebhooks(ctx context.Context, page content.Page) (WebhookList, error) {
	if _, err := requireRole(ctx, content.RoleAdmin); err != nil {
		return WebhookList{}, err
	}
	after, err := s.decodeCursor("webhooks", page.Cursor)
	if err != nil {
		return WebhookList{}, err
	}
	afterID := ""
	if after != nil {
		afterID = after.ID
	}
	hooks, err := s.store.ListWebhooks(ctx, page.Limit+1, afterID)
	if err != nil {
		return WebhookList{}, fmt.Errorf("list webhooks: %w", err)
	}
	out := WebhookList{Webhooks: hooks}
	if len(hooks) > page.Limit {
		out.Webhooks = hooks[:page.Limit]
		out.NextCursor = s.encodeCursor("webhooks", content.Keyset{ID: hooks[page.Limit-1].ID})
	}
	return out, nil
}

// GetWebhook returns one webhook (admins only).
func (s *Service) GetWebhook(ctx context.Context, id string) (content.Webhook, error) {
	if err := requireWebhookAdmin(ctx, id); err != nil {
		return content.Webhook{}, err
	}
	return s.store.GetWebhook(ctx, id)
}

// CreateWebhook subscribes a URL to event types (admins only) and appends
// webhook.created. The secret is generated when in has none; the returned
// webhook carries it, and nothing else ever returns it again. Deliveries
// start with the first event after this one. A target that is or resolves
// to a non-public address is a ValidationError naming url, unless
// AllowPrivate.
func (s *Service) CreateWebhook(ctx context.Context, in content.WebhookInput) (content.Webhook, error) {
	if _, err := requireRole(ctx, content.RoleAdmin); err != nil {
		return content.Webhook{}, err
	}
	if err := in.Validate(true); err != nil {
		return content.Webhook{}, err
	}
	if err := s.checkTarget(ctx, *in.URL); err != nil {
		return content.Webhook{}, err
	}
	secret := deref(in.Secret)
	if secret == "" {
		secret = newWebhookSecret()
	}
	now := s.Now()
	w := content.Webhook{ID: content.NewID(), URL: *in.URL, Events: *in.Events, Secret: secret, Active: true,
		CreatedAt: now, UpdatedAt: now}
	err := s.inTx(ctx, func(tx *store.Store) error {
		if err := s.appendEvent(ctx, tx, content.EventWebhookCreated, "webhook", w.ID, w.Redacted()); err != nil {
			return err
		}
		head, err := tx.LastEventID(ctx)
		if err != nil {
			return err
		}
		w.LastEventID = head
		return tx.CreateWebhook(ctx, w)
	})
	if err != nil {
		return content.Webhook{}, fmt.Errorf("create webhook: %w", err)
	}
	return w, nil
}

// UpdateWebhook changes a webhook (admins only) and appends
// webhook.updated. Active true enables it again and ends its run of
// failures; delivery resumes at the event it stopped at. A new URL is
// checked as in CreateWebhook and also ends the run of failures.
func (s *Service) UpdateWebhook(ctx context.Context, id string, in content.WebhookInput) (content.Webhook, error) {
	if err := requireWebhookAdmin(ctx, id); err != nil {
		return content.Webhook{}, err
	}
	if err := in.Validate(false); err != nil {
		return content.Webhook{}, err
	}
	if in.URL != nil {
		if err := s.checkTarget(ctx, *in.URL); err != nil {
			return content.Webhook{}, err
		}
	}
	var w content.Webhook
	err := s.inTx(ctx, func(tx *store.Store) error {
		var err error
		if w, err = tx.LockWebhook(ctx, id); err != nil {
			return err
		}
		applyWebhookPatch(&w, in)
		w.UpdatedAt = s.Now()
		if err := tx.UpdateWebhook(ctx, w); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, content.EventWebhookUpdated, "webhook", w.ID, w.Redacted())
	})
	if err != nil {
		return content.Webhook{}, fmt.Errorf("update webhook %s: %w", id, err)
	}
	return w, nil
}

func applyWebhookPatch(w *content.Webhook, in content.WebhookInput) {
	if in.URL != nil && *in.URL != w.URL {
		w.URL, w.Failures = *in.URL, 0
	}
	setIf(&w.Events, in.Events)
	setIf(&w.Secret, in.Secret)
	switch {
	case in.Active == nil:
	case *in.Active:
		w.Active, w.Failures, w.DisabledReason = true, 0, ""
	case w.Active:
		w.Active, w.DisabledReason = false, "disabled by an admin"
	}
}

// DeleteWebhook removes a webhook and its delivery log (admins only) and
// appends webhook.deleted.
func (s *Service) DeleteWebhook(ctx context.Context, id string) error {
	if err := requireWebhookAdmin(ctx, id); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *store.Store) error {
		w, err := tx.LockWebhook(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteWebhook(ctx, id); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, content.EventWebhookDeleted, "webhook", w.ID, w.Redacted())
	})
	if err != nil {
		return fmt.Errorf("delete webhook %s: %w", id, err)
	}
	return nil
}

// ListWebhookDeliveries returns a webhook's delivery attempts, newest
// first (admins only).
func (s *Service) ListWebhookDeliveries(ctx context.Context, id string, page content.Page) (DeliveryList, error) {
	if err := requireWebhookAdmin(ctx, id); err != nil {
		return DeliveryList{}, err
	}
	list := "webhook-deliveries|" + id
	before, err := s.decodeCursor(list, page.Cursor)
	if err != nil {
		return DeliveryList{}, err
	}
	var beforeID int64
	if before != nil {
		if beforeID, err = strconv.ParseInt(before.ID, 10, 64); err != nil {
			return DeliveryList{}, content.BadParam("cursor", "is not a cursor of this list; start again without it")
		}
	}
	if _, err := s.store.GetWebhook(ctx, id); err != nil {
		return DeliveryList{}, err
	}
	ds, err := s.store.ListDeliveries(ctx, id, page.Limit+1, beforeID)
	if err != nil {
		return DeliveryList{}, fmt.Errorf("list deliveries of webhook %s: %w", id, err)
	}
	out := DeliveryList{Deliveries: ds}
	if len(ds) > page.Limit {
		out.Deliveries = ds[:page.Limit]
		out.NextCursor = s.encodeCursor(list, content.Keyset{ID: strconv.FormatInt(ds[page.Limit-1].ID, 10)})
	}
	return out, nil
}

// requireWebhookAdmin checks the caller (admins only), then the id.
func requireWebhookAdmin(ctx context.Context, id string) error {
	if _, err := requireRole(ctx, content.RoleAdmin); err != nil {
		return err
	}
	if !content.IsID(id) {
		return content.BadParam("id", "must be a webhook id (ULID)")
	}
	return nil
}

// newWebhookSecret returns 32 random bytes, base64url, behind "whsec_".
func newWebhookSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b)
}

// checkTarget refuses, unless AllowPrivate, a URL whose host is or
// resolves to an address content.ForbiddenAddr refuses, a name under
// localhost, and a name that does not resolve. The dispatcher checks again at every connect, since DNS
// answers can change after this check.
func (s *Service) checkTarget(ctx context.Context, raw string) error {
	if s.webhooks.AllowPrivate {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return content.Invalid("url", "must be an absolute http or https URL")
	}
	host := strings.TrimSuffix(u.Hostname(), ".")
	if addr, err := netip.ParseAddr(host); err == nil {
		return refuseAddr(host, addr)
	}
	if name := strings.ToLower(host); name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return content.Invalid("url", "host %q is a loopback name", host)
	}
	var r Resolver = net.DefaultResolver
	if s.webhooks.Resolver != nil {
		r = s.webhooks.Resolver
	}
	lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := r.LookupNetIP(lctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return content.Invalid("url", "host %q does not resolve", host)
	}
	for _, a := range addrs {
		if err := refuseAddr(host, a); err != nil {
			return err
		}
	}
	return nil
}

func refuseAddr(host string, addr netip.Addr) error {
	reason := content.ForbiddenAddr(addr)
	if reason == "" {
		return nil
	}
	if host == addr.String() {
		return content.Invalid("url", "%s is a %s address; webhooks only reach public addresses", host, reason)
	}
	return content.Invalid("url", "host %q resolves to %s, a %s address; webhooks only reach public addresses", host, addr, reason)
}
