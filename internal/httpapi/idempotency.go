package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"io"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/internal/content"
)

// replayedHeaders are the response headers a replay repeats.
var replayedHeaders = []string{echo.HeaderContentType, echo.HeaderLocation, "ETag", "Cache-Control", echo.HeaderRetryAfter}

// idempotency makes a POST with an Idempotency-Key safe to retry: the first
// response is stored for 24 hours and replayed (Idempotent-Replayed: true)
// for the same caller, key and body; another body with the key is 422, and
// a retry while the first is still running is 409.
func (h *handler) idempotency(c echo.Context, next echo.HandlerFunc) error {
	req := c.Request()
	if req.Method != http.MethodPost {
		return next(c)
	}
	key := req.Header.Get("Idempotency-Key")
	if key == "" {
		return next(c)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, h.bodyLimit))
	if err != nil {
		return &requestError{status: http.StatusRequestEntityTooLarge, detail: "the body is too large"}
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	caller := callerOf(c)
	sum := sha256.Sum256(append([]byte(req.Method+" "+req.URL.RequestURI()+"\n"), body...))
	rec, claimed, err := h.svc.BeginIdempotent(req.Context(), caller, key, hex.EncodeToString(sum[:]))
	if err != nil {
		return err
	}
	if !claimed {
		return replay(c, rec)
	}
	return h.runAndRecord(c, next, rec)
}

func callerOf(c echo.Context) string {
	if a, ok := content.ActorFrom(c.Request().Context()); ok {
		return "user:" + a.UserID
	}
	return "addr:" + c.RealIP()
}

func replay(c echo.Context, rec content.IdempotencyRecord) error {
	var hdr map[string]string
	_ = json.Unmarshal([]byte(rec.Headers), &hdr) // written by runAndRecord
	for k, v := range hdr {
		c.Response().Header().Set(k, v)
	}
	c.Response().Header().Set("Idempotent-Replayed", "true")
	c.Response().WriteHeader(rec.Status)
	_, err := c.Response().Write(rec.Body)
	return err
}

// runAndRecord runs the request, writing its response through to the
// client and into the key's record; a 5xx frees the key instead.
func (h *handler) runAndRecord(c echo.Context, next echo.HandlerFunc, rec content.IdempotencyRecord) error {
	var buf bytes.Buffer
	res := c.Response()
	res.Writer = &teeWriter{ResponseWriter: res.Writer, buf: &buf}
	if err := next(c); err != nil {
		c.Error(err)
	}
	ctx := context.WithoutCancel(c.Request().Context())
	if res.Status >= 500 {
		if err := h.svc.AbandonIdempotent(ctx, rec.Caller, rec.Key); err != nil {
			h.log.ErrorContext(ctx, "release idempotency key", slog.Any("error", err))
		}
		return nil
	}
	hdr := map[string]string{}
	for _, k := range replayedHeaders {
		if v := res.Header().Get(k); v != "" {
			hdr[k] = v
		}
	}
	raw, _ := json.Marshal(hdr)
	rec.Status, rec.Headers, rec.Body = res.Status, string(raw), buf.Bytes()
	if err := h.svc.FinishIdempotent(ctx, rec); err != nil {
		h.log.ErrorContext(ctx, "store idempotent response", slog.Any("error", err))
	}
	return nil
}

type teeWriter struct {
	http.ResponseWriter
	buf *bytes.Buffer
}

// Unwrap lets http.ResponseController flush the writer beneath, which
// has had every byte.
func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *teeWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	return w.ResponseWriter.Write(p)
}
