package events

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/folio-cms/folio/internal/content"
)

// Headers of every delivery.
//
// X-Folio-Signature is "sha256=" and the hex HMAC-SHA256 of the raw request
// body, keyed by the webhook secret (its bytes as given). It does not cover
// the timestamp, so on its own it cannot tell a replayed delivery from a
// fresh one.
//
// X-Folio-Timestamp is the Unix time in seconds at which the attempt was
// sent. X-Folio-Timestamp-Signature is "sha256=" and the hex HMAC-SHA256 of
// timestamp + "." + body with the same key: it does cover the timestamp, so
// a receiver that wants replay protection verifies it and refuses
// timestamps more than five minutes from its own clock.
//
// X-Folio-Delivery is a ULID that is the same for every attempt at one event
// to one webhook, across retries and restarts. Deliveries are at least once:
// receivers dedupe on it.
const (
	HeaderSignature          = "X-Folio-Signature"
	HeaderTimestamp          = "X-Folio-Timestamp"
	HeaderTimestampSignature = "X-Folio-Timestamp-Signature"
	HeaderEvent              = "X-Folio-Event"
	HeaderDelivery           = "X-Folio-Delivery"
)

// Sign returns the X-Folio-Signature value of body.
func Sign(secret string, body []byte) string {
	return "sha256=" + hex.EncodeToString(mac(secret, body))
}

// SignTimestamped returns the X-Folio-Timestamp-Signature value of body sent at ts.
func SignTimestamped(secret string, ts int64, body []byte) string {
	msg := append([]byte(strconv.FormatInt(ts, 10)+"."), body...)
	return "sha256=" + hex.EncodeToString(mac(secret, msg))
}

// Verify reports whether header is a valid X-Folio-Signature of body, in
// constant time. Receivers written in Go can use it as it is.
func Verify(secret string, body []byte, header string) bool {
	got, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	sum, err := hex.DecodeString(got)
	return err == nil && hmac.Equal(sum, mac(secret, body))
}

// VerifyTimestamped reports whether header is a valid
// X-Folio-Timestamp-Signature of body sent at the X-Folio-Timestamp value
// ts, and ts is within tolerance of now.
func VerifyTimestamped(secret string, body []byte, ts, header string, now time.Time, tolerance time.Duration) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return false
	}
	return hmac.Equal([]byte(header), []byte(SignTimestamped(secret, sec, body)))
}

func mac(secret string, msg []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(msg)
	return m.Sum(nil)
}

// DeliveryID returns the X-Folio-Delivery ULID of event e to webhook
// webhookID: its time is the event's, its entropy a hash of the pair, so it
// stays the same across retries and restarts.
func DeliveryID(webhookID string, e content.Event) string {
	h := sha256.New()
	h.Write([]byte("folio-delivery\x00" + webhookID + "\x00"))
	_ = binary.Write(h, binary.BigEndian, e.ID)
	id, err := ulid.New(ulid.Timestamp(e.OccurredAt), bytes.NewReader(h.Sum(nil)))
	if err != nil {
		// Only a time after the year 10889 fails; fall back to the hash alone.
		id, _ = ulid.New(0, bytes.NewReader(h.Sum(nil)))
	}
	return id.String()
}

// payload is the JSON body of a delivery: the event as GET /v1/events serves it.
type payload struct {
	ID         int64           `json:"id"`
	Type       string          `json:"type"`
	Entity     string          `json:"entity"`
	EntityID   string          `json:"entity_id"`
	ActorID    string          `json:"actor_id"`
	RequestID  string          `json:"request_id"`
	OccurredAt time.Time       `json:"occurred_at"`
	Data       json.RawMessage `json:"data"`
}

// Payload returns the body delivered for e.
func Payload(e content.Event) ([]byte, error) {
	data := e.Data
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	return json.Marshal(payload{ID: e.ID, Type: e.Type, Entity: e.Entity, EntityID: e.EntityID, ActorID: e.ActorID,
		RequestID: e.RequestID, OccurredAt: e.OccurredAt.UTC(), Data: data})
}
