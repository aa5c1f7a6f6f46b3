package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

// listWebhooks godoc
// @ID       listWebhooks
// @Summary  List webhooks
// @Description Every webhook, in creation order; never their secrets. Admins only.
// @Tags     webhooks
// @Produce  json
// @Param    limit  query int    false "Page size" minimum(1) maximum(100) default(20)
// @Param    cursor query string false "Opaque cursor from meta.next_cursor"
// @Param    If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.WebhookList
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/webhooks [get]
func (h *handler) listWebhooks(c echo.Context) error {
	q, err := queryParams(c, "limit", "cursor")
	if err != nil {
		return err
	}
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	list, err := h.svc.ListWebhooks(c.Request().Context(), page)
	if err != nil {
		return err
	}
	out := api.WebhookList{Data: make([]api.Webhook, len(list.Webhooks)), Meta: meta(page.Limit, list.NextCursor, nil)}
	for i, w := range list.Webhooks {
		out.Data[i] = toAPIWebhook(w)
	}
	setNextLink(c, list.NextCursor)
	return h.read(c, out, 0)
}

// getWebhook godoc
// @ID       getWebhook
// @Summary  Get a webhook
// @Description One webhook and its delivery state; never its secret. Admins only.
// @Tags     webhooks
// @Produce  json
// @Param    id path string true "Webhook id (ULID)"
// @Param    If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.Webhook
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/webhooks/{id} [get]
func (h *handler) getWebhook(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	w, err := h.svc.GetWebhook(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return h.read(c, toAPIWebhook(w), 0)
}

// createWebhook godoc
// @ID       createWebhook
// @Summary  Create a webhook
// @Description Subscribes a URL to event types. Admins only. The secret (generated when absent) is in this response only; store it. Targets on loopback, private, link-local and other non-public addresses are refused (422) unless the server runs with FOLIO_WEBHOOK_ALLOW_PRIVATE=true. Deliveries start with the next event.
// @Tags     webhooks
// @Accept   json
// @Produce  json
// @Param    body body api.WebhookCreate true "The webhook"
// @Success  201 {object} api.Webhook
// @Header   201 {string} Location "Path of the new webhook"
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  415 {object} api.Problem
// @Failure  422 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/webhooks [post]
func (h *handler) createWebhook(c echo.Context) error {
	var in api.WebhookCreate
	if _, err := h.decodeJSON(c, &in); err != nil {
		return err
	}
	w, err := h.svc.CreateWebhook(c.Request().Context(), content.WebhookInput{URL: &in.URL, Events: &in.Events, Secret: in.Secret})
	if err != nil {
		return err
	}
	out := toAPIWebhook(w)
	out.Secret = &w.Secret
	return h.wrote(c, http.StatusCreated, "/v1/webhooks/"+w.ID, out, 0)
}

// updateWebhook godoc
// @ID       updateWebhook
// @Summary  Update a webhook
// @Description JSON Merge Patch. Admins only. active=true enables a disabled webhook again and clears its failures; delivery resumes at the event it stopped at. A new URL is checked as on create.
// @Tags     webhooks
// @Accept   json
// @Produce  json
// @Param    id   path string           true "Webhook id (ULID)"
// @Param    body body api.WebhookPatch true "Fields to change"
// @Success  200 {object} api.Webhook
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Failure  415 {object} api.Problem
// @Failure  422 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/webhooks/{id} [patch]
func (h *handler) updateWebhook(c echo.Context) error {
	var in api.WebhookPatch
	members, err := h.decodeJSON(c, &in)
	if err != nil {
		return err
	}
	for _, name := range []string{"url", "events", "secret", "active"} {
		if isNull(members, name) {
			return content.Invalid(name, "may not be null")
		}
	}
	w, err := h.svc.UpdateWebhook(c.Request().Context(), c.Param("id"),
		content.WebhookInput{URL: in.URL, Events: in.Events, Secret: in.Secret, Active: in.Active})
	if err != nil {
		return err
	}
	return h.wrote(c, http.StatusOK, "", toAPIWebhook(w), 0)
}

// deleteWebhook godoc
// @ID       deleteWebhook
// @Summary  Delete a webhook
// @Description Stops its deliveries and removes its delivery log. Admins only.
// @Tags     webhooks
// @Param    id path string true "Webhook id (ULID)"
// @Success  204
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/webhooks/{id} [delete]
func (h *handler) deleteWebhook(c echo.Context) error {
	if err := h.svc.DeleteWebhook(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// listWebhookDeliveries godoc
// @ID       listWebhookDeliveries
// @Summary  List a webhook's deliveries
// @Description Every delivery attempt, newest first: status code, error, duration, attempt number and when the next retry is due. Receivers' response bodies are never kept. Admins only.
// @Tags     webhooks
// @Produce  json
// @Param    id     path  string true  "Webhook id (ULID)"
// @Param    limit  query int    false "Page size" minimum(1) maximum(100) default(20)
// @Param    cursor query string false "Opaque cursor from meta.next_cursor"
// @Param    If-None-Match header string false "ETag from a previous read"
// @Success  200 {object} api.WebhookDeliveryList
// @Success  304 "Not modified: If-None-Match holds the current ETag"
// @Failure  400 {object} api.Problem
// @Failure  401 {object} api.Problem
// @Failure  403 {object} api.Problem
// @Failure  404 {object} api.Problem
// @Security BearerAuth
// @Router   /v1/webhooks/{id}/deliveries [get]
func (h *handler) listWebhookDeliveries(c echo.Context) error {
	q, err := queryParams(c, "limit", "cursor")
	if err != nil {
		return err
	}
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	list, err := h.svc.ListWebhookDeliveries(c.Request().Context(), c.Param("id"), page)
	if err != nil {
		return err
	}
	out := api.WebhookDeliveryList{Data: make([]api.WebhookDelivery, len(list.Deliveries)), Meta: meta(page.Limit, list.NextCursor, nil)}
	for i, d := range list.Deliveries {
		out.Data[i] = toAPIDelivery(d)
	}
	setNextLink(c, list.NextCursor)
	return h.read(c, out, 0)
}

// toAPIWebhook converts a webhook for the wire, without its secret.
func toAPIWebhook(w content.Webhook) api.Webhook {
	return api.Webhook{ID: w.ID, URL: w.URL, Events: w.Events, Active: w.Active, DisabledReason: w.DisabledReason,
		ConsecutiveFailures: w.Failures, LastEventID: w.LastEventID, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

func toAPIDelivery(d content.Delivery) api.WebhookDelivery {
	out := api.WebhookDelivery{ID: d.ID, DeliveryID: d.DeliveryID, EventID: d.EventID, EventType: d.EventType,
		Attempt: d.Attempt, Error: d.Error, DurationMS: d.Duration.Milliseconds(), Succeeded: d.Succeeded,
		NextRetryAt: d.NextRetryAt, CreatedAt: d.CreatedAt}
	if d.StatusCode != 0 {
		code := d.StatusCode
		out.StatusCode = &code
	}
	return out
}
