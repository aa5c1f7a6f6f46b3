package events

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

// ClientOptions configure the HTTP client of deliveries.
type ClientOptions struct {
	// AllowPrivate lets deliveries reach loopback, private and link-local
	// addresses (FOLIO_WEBHOOK_ALLOW_PRIVATE); off, such dials are refused.
	AllowPrivate bool
	// ConnectTimeout bounds the TCP connect and the TLS handshake (default 5s).
	ConnectTimeout time.Duration
	// Timeout bounds a whole attempt, reading the response included (default 10s).
	Timeout time.Duration
}

// TargetError is a dial refused because the address it resolved to is not
// public. It is raised at connect time, after DNS, so a name that resolved
// to a public address when the webhook was created and to a private one
// now (DNS rebinding) is still refused.
type TargetError struct {
	Addr   netip.Addr
	Reason string
}

func (e *TargetError) Error() string {
	return fmt.Sprintf("refused to connect to %s: a %s address", e.Addr, e.Reason)
}

// NewClient returns the client deliveries use: it takes no proxy from the
// environment, follows no redirect (a 3xx is returned as it is, and counts
// as a failure), bounds every phase with a timeout, and unless
// AllowPrivate checks every address it dials with content.ForbiddenAddr.
func NewClient(o ClientOptions) *http.Client {
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	if !o.AllowPrivate {
		dialer.Control = guardDial
	}
	transport := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		TLSHandshakeTimeout:    o.ConnectTimeout,
		ResponseHeaderTimeout:  o.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           32,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        60 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		ForceAttemptHTTP2:      true,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   o.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// guardDial is a net.Dialer Control function: it runs once the address is
// resolved, just before connecting, and refuses addresses that are not public.
func guardDial(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dial %s: not an IP address", address)
	}
	if reason := content.ForbiddenAddr(addr); reason != "" {
		return &TargetError{Addr: addr, Reason: reason}
	}
	return nil
}
