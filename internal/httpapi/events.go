package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
)

// listEvents godoc
// @ID          listEvents
// @Summary     Read the event log
// @Description Every change in order of its sequence number, oldest first. Page forward with after=meta.next_after. Editors and admins.
// @Tags        events
// @Produce     json
// @Param       after query int false "Return events with a sequence number greater than this" minimum(0) default(0)
// @Param       limit query int false "Page size" minimum(1) maximum(1000) default(100)
// @Success     200 {object} api.EventList
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     403 {object} api.Problem
// @Security    BearerAuth
// @Router      /v1/events [get]
func (h *handler) listEvents(c echo.Context) error {
	q, err := queryParams(c, "after", "limit")
	if err != nil {
		return err
	}
	after, err := parseInt64(q.Get("after"), "after", 0, 0)
	if err != nil {
		return err
	}
	limit, err := parseInt64(q.Get("limit"), "limit", 100, 1000)
	if err != nil || limit < 1 {
		return badParam("limit", "must be an integer from 1 to 1000")
	}
	page, err := h.svc.ListEvents(c.Request().Context(), after, int(limit))
	if err != nil {
		return err
	}
	out := api.EventList{Data: make([]api.Event, len(page.Events)), Meta: api.EventListMeta{Limit: int(limit), NextAfter: page.Next}}
	for i, e := range page.Events {
		out.Data[i] = toAPIEvent(e)
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return writeJSON(c, http.StatusOK, echo.MIMEApplicationJSON, out)
}

func parseInt64(raw, name string, def, max int64) (int64, error) {
	if raw == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 || (max > 0 && n > max) {
		return 0, badParam(name, "must be a non-negative integer")
	}
	return n, nil
}

func toAPIEvent(e content.Event) api.Event {
	out := api.Event{ID: e.ID, Type: e.Type, Entity: e.Entity, EntityID: e.EntityID, ActorID: e.ActorID,
		RequestID: e.RequestID, OccurredAt: e.OccurredAt, Data: map[string]any{}}
	_ = json.Unmarshal(e.Data, &out.Data) // written by the service as a JSON object
	return out
}

// SSE timing; tests shorten them.
var (
	ssePoll      = 2 * time.Second
	sseHeartbeat = 15 * time.Second
)

// streamEvents godoc
// @ID          streamEvents
// @Summary     Follow the event log (Server-Sent Events)
// @Description A text/event-stream of every change: `id:` is the sequence number, `event:` the type, `data:` the event JSON. Reconnect with Last-Event-ID (or after=) to resume where you left off. A comment line is sent every 15 seconds as a heartbeat. Editors and admins.
// @Tags        events
// @Produce     text/event-stream
// @Param       after         query  int    false "Start after this sequence number (Last-Event-ID wins)" minimum(0)
// @Param       Last-Event-ID header string false "The id of the last event received"
// @Success     200 {string} string "An endless text/event-stream"
// @Failure     400 {object} api.Problem
// @Failure     401 {object} api.Problem
// @Failure     403 {object} api.Problem
// @Security    BearerAuth
// @Router      /v1/events/stream [get]
func (h *handler) streamEvents(c echo.Context) error {
	q, err := queryParams(c, "after")
	if err != nil {
		return err
	}
	after, err := parseInt64(q.Get("after"), "after", 0, 0)
	if err != nil {
		return err
	}
	if last := c.Request().Header.Get("Last-Event-ID"); last != "" {
		if after, err = parseInt64(last, "Last-Event-ID", 0, 0); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	if _, err := h.svc.ListEvents(ctx, after, 1); err != nil { // authorizes before the stream starts
		return err
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, "text/event-stream")
	res.Header().Set("Cache-Control", "no-store")
	res.Header().Set("X-Accel-Buffering", "no")
	res.WriteHeader(http.StatusOK)
	res.Flush()
	return h.pumpEvents(c, after)
}

// pumpEvents writes events after the given sequence until the client goes
// away. Each client reads the log at its own pace, so a slow one only
// delays itself, never a writer.
func (h *handler) pumpEvents(c echo.Context, after int64) error {
	ctx := c.Request().Context()
	res := c.Response()
	heartbeat := time.NewTicker(sseHeartbeat)
	defer heartbeat.Stop()
	for {
		changed := h.svc.Changed()
		page, err := h.svc.ListEvents(ctx, after, 500)
		if err != nil {
			return nil // the client is gone or the database is; end the stream
		}
		for _, e := range page.Events {
			if err := writeSSE(res, e); err != nil {
				return nil
			}
		}
		after = page.Next
		res.Flush()
		if len(page.Events) == 500 {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-changed:
		case <-time.After(ssePoll): // changes made by other instances
		case <-heartbeat.C:
			if _, err := fmt.Fprint(res, ": heartbeat\n\n"); err != nil {
				return nil
			}
			res.Flush()
		}
	}
}

func writeSSE(w http.ResponseWriter, e content.Event) error {
	data, err := json.Marshal(toAPIEvent(e))
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Type, data)
	return err
}
