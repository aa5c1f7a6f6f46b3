package events_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/events"
	"github.com/folio-cms/folio/internal/service"
	"github.com/folio-cms/folio/internal/testutil"
)

// stubResolver answers from a table; other names do not exist.
type stubResolver map[string][]string

func (s stubResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, a := range s[host] {
		out = append(out, netip.MustParseAddr(a))
	}
	if len(out) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return out, nil
}

// TestWebhookTargetsRefusedAtCreation sends every address trick to create
// and to update, with the production policy; each must be a 422 naming url.
func TestWebhookTargetsRefusedAtCreation(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := service.New(service.Options{Store: env.Store, Signer: env.Signer, Hasher: auth.NewHasher(1024), Now: env.Clock.Now,
		CursorKey: []byte("k"), Webhooks: service.WebhookOptions{Resolver: stubResolver{
			"public.example.test":   {"93.184.215.14"},
			"rebind.example.test":   {"127.0.0.1"},
			"mixed.example.test":    {"93.184.215.14", "10.0.0.1"},
			"meta.example.test":     {"169.254.169.254"},
			"mapped.example.test":   {"::ffff:10.1.2.3"},
			"private6.example.test": {"fd12:3456::1"},
		}}})
	ctx := testutil.System(t.Context())
	events := []string{"post.*"}
	refused := []string{
		"http://127.0.0.1/", "http://127.8.9.10:8080/x", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/",
		"http://[::]/", "http://224.0.0.1/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[ff02::1]/",
		"http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a00:1]/", "http://[2002:7f00:1::]/",
		"http://localhost/", "http://localhost./", "http://LOCALHOST:9000/", "http://api.localhost/",
		"http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/", "http://0x7f.0.0.1/",
		"http://rebind.example.test/", "http://mixed.example.test/", "http://meta.example.test/",
		"http://mapped.example.test/", "http://private6.example.test/", "http://nowhere.example.test/",
		"ftp://public.example.test/", "file:///etc/passwd", "gopher://public.example.test:70/", "javascript:alert(1)",
		"http://user:pw@public.example.test/", "http://public.example.test/#frag", "//public.example.test/", "",
	}
	for _, raw := range refused {
		_, err := svc.CreateWebhook(ctx, content.WebhookInput{URL: &raw, Events: &events})
		if !namesURL(err) {
			t.Errorf("create %q: err = %v, want a validation error naming url", raw, err)
		}
	}
	ok := "https://public.example.test/hook"
	w, err := svc.CreateWebhook(ctx, content.WebhookInput{URL: &ok, Events: &events})
	if err != nil {
		t.Fatalf("create %q: %v", ok, err)
	}
	for _, raw := range []string{"http://93.184.215.14:8080/x", "https://[2606:2800:220:1:248:1893:25c8:1946]/"} {
		if _, err := svc.CreateWebhook(ctx, content.WebhookInput{URL: &raw, Events: &events}); err != nil {
			t.Errorf("create %q: %v, want it accepted", raw, err)
		}
	}
	for _, raw := range refused[:12] {
		if _, err := svc.UpdateWebhook(ctx, w.ID, content.WebhookInput{URL: &raw}); !namesURL(err) {
			t.Errorf("update to %q: err = %v, want a validation error naming url", raw, err)
		}
	}
}

func namesURL(err error) bool {
	var ve *content.ValidationError
	return errors.As(err, &ve) && len(ve.Fields) > 0 && ve.Fields[0].Field == "url"
}

// TestWebhookDialGuard builds the delivery client directly, with no
// creation-time check at all, and shows the connect-time guard refusing
// every non-public address it would dial, names included.
func TestWebhookDialGuard(t *testing.T) {
	rc := newReceiver(t, nil) // listens on 127.0.0.1
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(rc.URL, "http://"))
	client := events.NewClient(events.ClientOptions{ConnectTimeout: time.Second, Timeout: 2 * time.Second})
	for _, host := range []string{"127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "169.254.169.254", "10.0.0.1"} {
		res, err := client.Post("http://"+host+":"+port+"/", "application/json", strings.NewReader("{}"))
		if err == nil {
			res.Body.Close()
		}
		var te *events.TargetError
		if !errors.As(err, &te) {
			t.Errorf("dial %s: err = %v, want a TargetError", host, err)
		}
	}
	if n := len(rc.requests()); n != 0 {
		t.Fatalf("the receiver got %d requests through the guard", n)
	}
	open := events.NewClient(events.ClientOptions{AllowPrivate: true})
	res, err := open.Post(rc.URL, "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatalf("with AllowPrivate: %v", err)
	}
	res.Body.Close()
}

// TestWebhookDialGuardInDispatcher stores a loopback webhook (as a DNS
// answer that changed after creation would) and runs the production
// dispatcher: the attempt is refused at connect time and logged.
func TestWebhookDialGuardInDispatcher(t *testing.T) {
	r := newRig(t)
	rc := newReceiver(t, nil)
	hook := r.hook(t, rc.URL, "tag.*")
	o := testOptions(events.Options{})
	o.AllowPrivate = false
	run(t, events.New(r.Store, o))
	r.tags(t, "guarded", 1)

	eventually(t, 5*time.Second, "a refused attempt", func() bool { return len(deliveries(t, r.Store, hook.ID)) > 0 })
	dl := deliveries(t, r.Store, hook.ID)[0]
	if dl.Succeeded || dl.StatusCode != 0 || !strings.Contains(dl.Error, "loopback") {
		t.Errorf("delivery = %+v, want refused as loopback", dl)
	}
	if n := len(rc.requests()); n != 0 {
		t.Errorf("the receiver got %d requests", n)
	}
}

// TestWebhookRedirectsAndTimeouts shows a 3xx counted as a failure with
// its target never reached, a slow receiver cut at the timeout, and a huge
// answer read only in part.
func TestWebhookRedirectsAndTimeouts(t *testing.T) {
	r := newRig(t)
	target := newReceiver(t, nil)
	redirect := newReceiver(t, func(_ int, req *http.Request) int { return http.StatusTemporaryRedirect })
	redirect.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		http.Redirect(w, req, target.URL, http.StatusTemporaryRedirect)
	})
	slow := newReceiver(t, func(_ int, req *http.Request) int {
		select {
		case <-req.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return http.StatusOK
	})
	huge := newReceiver(t, nil)
	huge.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		chunk := strings.Repeat("x", 1<<16)
		for range 160 { // 10 MiB
			if _, err := w.Write([]byte(chunk)); err != nil {
				return
			}
		}
	})
	hooks := map[string]content.Webhook{"redirect": r.hook(t, redirect.URL, "tag.*"), "slow": r.hook(t, slow.URL, "tag.*"),
		"huge": r.hook(t, huge.URL, "tag.*")}
	run(t, events.New(r.Store, testOptions(events.Options{Timeout: time.Second, MaxFailures: 1})))
	r.tags(t, "edge", 1)

	for name, h := range hooks {
		eventually(t, 5*time.Second, name+" attempt", func() bool { return len(deliveries(t, r.Store, h.ID)) > 0 })
	}
	if dl := deliveries(t, r.Store, hooks["redirect"].ID)[0]; dl.Succeeded || dl.StatusCode != http.StatusTemporaryRedirect {
		t.Errorf("redirect delivery = %+v, want a failed 307", dl)
	}
	if n := len(target.requests()); n != 0 {
		t.Errorf("the redirect target got %d requests", n)
	}
	if dl := deliveries(t, r.Store, hooks["slow"].ID)[0]; dl.Succeeded || dl.Duration > 4*time.Second {
		t.Errorf("slow delivery = %+v, want a failure at the 1s timeout", dl)
	}
	if dl := deliveries(t, r.Store, hooks["huge"].ID)[0]; !dl.Succeeded {
		t.Errorf("huge delivery = %+v, want a success", dl)
	}
}
