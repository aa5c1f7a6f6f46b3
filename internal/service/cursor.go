package service

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/folio-cms/folio/internal/content"
)

// cursorPayload is what a cursor carries: the position, and a fingerprint of
// the list it belongs to, so a cursor from another query is refused.
type cursorPayload struct {
	List string         `json:"l"`
	Key  content.Keyset `json:"k"`
}

const maxCursorLen = 1024

// encodeCursor returns an opaque, signed cursor for position k in list.
func (s *Service) encodeCursor(list string, k content.Keyset) string {
	raw, _ := json.Marshal(cursorPayload{List: list, Key: k})
	body := base64.RawURLEncoding.EncodeToString(raw)
	return body + "." + base64.RawURLEncoding.EncodeToString(s.sign(body))
}

// decodeCursor verifies a cursor and returns its position. A cursor that was
// altered, or made for another list, is a ParamError.
func (s *Service) decodeCursor(list, cursor string) (*content.Keyset, error) {
	if cursor == "" {
		return nil, nil
	}
	bad := content.BadParam("cursor", "is not a cursor of this list; start again without it")
	body, sig, ok := strings.Cut(cursor, ".")
	if !ok || len(cursor) > maxCursorLen {
		return nil, bad
	}
	gotSig, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(gotSig, s.sign(body)) {
		return nil, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return nil, bad
	}
	var p cursorPayload
	if err := json.Unmarshal(raw, &p); err != nil || p.List != list || p.Key.ID == "" {
		return nil, bad
	}
	return &p.Key, nil
}

func (s *Service) sign(body string) []byte {
	m := hmac.New(sha256.New, s.cursorKey)
	m.Write([]byte("folio-cursor\x00" + body))
	return m.Sum(nil)[:16]
}

// pageOf cuts items, fetched with one more than limit, to the page, and
// returns the cursor after its last item when that extra one showed there is
// a next page.
func pageOf[T any](s *Service, list string, items []T, limit int, key func(T) content.Keyset) ([]T, string) {
	if len(items) <= limit {
		return items, ""
	}
	return items[:limit], s.encodeCursor(list, key(items[limit-1]))
}
