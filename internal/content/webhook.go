package content

import (
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Webhook is a subscription of a URL to event types. Secret keys the HMAC
// that signs each delivery; it is never part of a response after creation,
// nor of an event. LastEventID is the sequence of the last event the
// receiver acknowledged (or that the webhook did not want): delivery resumes
// after it.
type Webhook struct {
	ID             string    `json:"id"`
	URL            string    `json:"url"`
	Events         []string  `json:"events"`
	Secret         string    `json:"-"`
	Active         bool      `json:"active"`
	DisabledReason string    `json:"disabled_reason"`
	Failures       int       `json:"consecutive_failures"`
	LastEventID    int64     `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Wants reports whether the webhook subscribes to events of type typ.
func (w Webhook) Wants(typ string) bool {
	return slices.ContainsFunc(w.Events, func(p string) bool { return MatchEventPattern(p, typ) })
}

// Redacted returns w as the change log records it: without the secret, and
// with the URL cut to its scheme and host, since webhook URLs often carry a
// token in their path or query and the log is readable by editors.
func (w Webhook) Redacted() Webhook {
	w.Secret = ""
	if u, err := url.Parse(w.URL); err == nil {
		w.URL = (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
	}
	return w
}

// RecordFailure counts one more failed delivery and disables the webhook
// when the run of failures reaches max. It reports whether it disabled it.
func (w *Webhook) RecordFailure(max int, reason string, now time.Time) bool {
	w.Failures++
	if w.Failures < max || !w.Active {
		return false
	}
	w.Active = false
	w.DisabledReason = reason
	w.UpdatedAt = now
	return true
}

// WebhookInput is a webhook create or patch; nil fields are unchanged.
type WebhookInput struct {
	URL    *string
	Events *[]string
	Secret *string
	Active *bool
}

// Limits of webhook input.
const (
	MaxWebhookEvents    = 50
	MinWebhookSecretLen = 16
	MaxWebhookSecretLen = 256
)

// Validate checks the fields that are present; create also requires url and events.
func (in WebhookInput) Validate(create bool) error {
	ve := &ValidationError{}
	if in.URL != nil || create {
		checkWebhookURL(ve, deref(in.URL))
	}
	if in.Events != nil || create {
		checkEventPatterns(ve, deref(in.Events))
	}
	if in.Secret != nil {
		s := *in.Secret
		if len(s) < MinWebhookSecretLen || len(s) > MaxWebhookSecretLen || strings.IndexFunc(s, notPrintableASCII) >= 0 {
			ve.Add("secret", "must be %d to %d printable ASCII characters without spaces", MinWebhookSecretLen, MaxWebhookSecretLen)
		}
	}
	return ve.Err()
}

func notPrintableASCII(r rune) bool { return r <= ' ' || r > '~' }

// checkWebhookURL accepts absolute http(s) URLs without credentials or a
// fragment, whose host is a name or a canonical IP address. Numeric hosts
// in other spellings (2130706433, 0x7f000001, 0177.0.0.1) are refused:
// some resolvers read them as IP addresses and others do not.
func checkWebhookURL(ve *ValidationError, raw string) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || len(raw) > MaxURLLen || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		ve.Add("url", "must be an absolute http or https URL of at most %d characters", MaxURLLen)
	case u.User != nil:
		ve.Add("url", "must not carry credentials")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		ve.Add("url", "must not have a fragment")
	case !plainHost(u.Hostname()):
		ve.Add("url", "host must be a DNS name or a canonical IP address")
	}
}

// plainHost reports whether host is a DNS name, or an IP address written
// canonically. A name whose last label starts with a digit is taken as an
// attempt at an address, since no top-level domain does.
func plainHost(host string) bool {
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return false
	}
	if strings.Contains(host, ":") {
		addr, err := netip.ParseAddr(host)
		return err == nil && addr.Is6()
	}
	labels := strings.Split(host, ".")
	last := labels[len(labels)-1]
	if unicode.IsDigit(rune(last[0])) {
		addr, err := netip.ParseAddr(host)
		return err == nil && addr.Is4() && addr.String() == host
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.IndexFunc(l, notHostChar) >= 0 {
			return false
		}
	}
	return len(host) <= 253
}

func notHostChar(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
}

// EventTypes lists every type the log holds, for validating subscriptions.
// A new event type is added here too.
var EventTypes = []string{
	EventPostCreated, EventPostUpdated, EventPostPublished, EventPostUnpublished, EventPostDeleted,
	EventTagCreated, EventTagUpdated, EventTagDeleted,
	EventListingCreated, EventListingUpdated, EventListingDeleted,
	EventUserCreated, EventUserUpdated, EventUserDeleted,
	EventWebhookCreated, EventWebhookUpdated, EventWebhookDeleted, EventWebhookDisabled,
}

// ValidEventPattern reports whether p is "*", "<entity>.*" for an entity
// that has events, or one of EventTypes.
func ValidEventPattern(p string) bool {
	if p == "*" || slices.Contains(EventTypes, p) {
		return true
	}
	entity, ok := strings.CutSuffix(p, ".*")
	return ok && slices.ContainsFunc(EventTypes, func(t string) bool { return strings.HasPrefix(t, entity+".") })
}

// MatchEventPattern reports whether event type typ matches pattern p.
func MatchEventPattern(p, typ string) bool {
	if p == "*" || p == typ {
		return true
	}
	entity, ok := strings.CutSuffix(p, ".*")
	return ok && strings.HasPrefix(typ, entity+".")
}

func checkEventPatterns(ve *ValidationError, patterns []string) {
	if len(patterns) == 0 || len(patterns) > MaxWebhookEvents {
		ve.Add("events", "must list 1 to %d event types", MaxWebhookEvents)
		return
	}
	seen := map[string]bool{}
	for _, p := range patterns {
		switch {
		case !ValidEventPattern(p):
			ve.Add("events", "%q is not an event type, <entity>.* or *", truncate(p, 60))
		case seen[p]:
			ve.Add("events", "%q is listed twice", p)
		}
		seen[p] = true
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Delivery is one attempt to deliver an event to a webhook. DeliveryID is
// the X-Folio-Delivery header, the same for every attempt at one event.
// StatusCode is 0 when no response came.
type Delivery struct {
	ID          int64
	WebhookID   string
	DeliveryID  string
	EventID     int64
	EventType   string
	Attempt     int
	StatusCode  int
	Error       string
	Duration    time.Duration
	Succeeded   bool
	NextRetryAt *time.Time
	CreatedAt   time.Time
}

// ForbiddenAddr returns why a webhook may not connect to addr (such as
// "loopback" or "private"), or "" when addr is a public unicast address.
// IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
func ForbiddenAddr(addr netip.Addr) string {
	addr = addr.WithZone("").Unmap()
	switch {
	case !addr.IsValid():
		return "invalid"
	case addr.IsLoopback():
		return "loopback"
	case addr.IsUnspecified():
		return "unspecified"
	case addr.IsLinkLocalUnicast(), addr.IsLinkLocalMulticast():
		return "link-local"
	case addr.IsPrivate():
		return "private"
	case addr.IsMulticast(), addr.IsInterfaceLocalMulticast():
		return "multicast"
	}
	for _, r := range reservedPrefixes {
		if r.prefix.Contains(addr) {
			return r.reason
		}
	}
	if embedded, ok := embeddedIPv4(addr); ok {
		return ForbiddenAddr(embedded)
	}
	return ""
}

var reservedPrefixes = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (CGNAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved"},
	{netip.MustParsePrefix("192.0.2.0/24"), "reserved"},
	{netip.MustParsePrefix("198.18.0.0/15"), "reserved"},
	{netip.MustParsePrefix("198.51.100.0/24"), "reserved"},
	{netip.MustParsePrefix("203.0.113.0/24"), "reserved"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "private"},
	{netip.MustParsePrefix("100::/64"), "reserved"},
	{netip.MustParsePrefix("2001:db8::/32"), "reserved"},
	{netip.MustParsePrefix("2001::/32"), "reserved"}, // Teredo tunnels reach arbitrary IPv4 hosts
}

var (
	nat64   = netip.MustParsePrefix("64:ff9b::/96")
	sixToFo = netip.MustParsePrefix("2002::/16")
)

// embeddedIPv4 returns the IPv4 address a NAT64 or 6to4 address leads to.
func embeddedIPv4(addr netip.Addr) (netip.Addr, bool) {
	b := addr.As16()
	switch {
	case nat64.Contains(addr):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFo.Contains(addr):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}
