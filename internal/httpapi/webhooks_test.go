package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/events"
	"github.com/folio-cms/folio/internal/service"
	"github.com/folio-cms/folio/internal/testutil"
)

// publicTarget is a public address literal: accepted without DNS, and never
// dialled because these tests run no dispatcher against it.
const publicTarget = "https://93.184.215.14/folio"

// TestWebhookAuthorization sends every webhook call as every kind of
// caller: admins only, and a refused call changes nothing.
func TestWebhookAuthorization(t *testing.T) {
	c := newCast(t)
	var hook api.Webhook
	c.s.Do(t, testutil.Request{Method: "POST", Path: "/v1/webhooks", Token: c.tokens["admin"],
		Body: `{"url":"` + publicTarget + `","events":["post.*"]}`}).JSON(t, &hook)
	one, deliveries := "/v1/webhooks/"+hook.ID, "/v1/webhooks/"+hook.ID+"/deliveries"
	calls := []struct {
		method, path, body string
		ok                 int
	}{
		{"GET", "/v1/webhooks", "", 200},
		{"GET", one, "", 200},
		{"GET", deliveries, "", 200},
		{"PATCH", one, `{"events":["tag.*"]}`, 200},
		{"POST", "/v1/webhooks", `{"url":"` + publicTarget + `","events":["*"]}`, 201},
		{"DELETE", one, "", 204},
	}
	want := map[string]int{"anonymous": 401, "owner": 403, "editor": 403}
	for _, call := range calls {
		for _, who := range []string{"anonymous", "owner", "editor", "admin"} {
			before := webhookState(t, c.s)
			req := testutil.Request{Method: call.method, Path: call.path, Token: c.tokens[who]}
			if call.body != "" {
				req.Body = call.body
			}
			res := c.s.Do(t, req)
			if w, ok := want[who]; ok {
				if res.Status != w || webhookState(t, c.s) != before {
					t.Errorf("%s %s as %s: %d (want %d), state changed: %v", call.method, call.path, who, res.Status, w,
						webhookState(t, c.s) != before)
				}
				continue
			}
			if res.Status != call.ok {
				t.Errorf("%s %s as admin: %d, want %d: %s", call.method, call.path, res.Status, call.ok, res.Body)
			}
		}
	}
}

// webhookState summarizes the stored webhooks.
func webhookState(t *testing.T, s *testutil.Server) string {
	t.Helper()
	list, err := s.Service.ListWebhooks(testutil.System(t.Context()), content.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	out := ""
	for _, w := range list.Webhooks {
		out += w.ID + ":" + strings.Join(w.Events, ",") + ":" + w.UpdatedAt.String() + ";"
	}
	return out
}

// TestWebhookSecretShownOnce checks that only the create response holds
// the secret: not reads, not lists, not the change log.
func TestWebhookSecretShownOnce(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ada Admin", content.RoleAdmin))
	for _, body := range []string{`{"url":"` + publicTarget + `?token=tok-in-url","events":["post.*","tag.created"]}`,
		`{"url":"` + publicTarget + `","events":["*"],"secret":"my-own-secret-0123456789"}`} {
		res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/webhooks", Token: tok, Body: body})
		var created api.Webhook
		res.JSON(t, &created)
		if res.Status != http.StatusCreated || created.Secret == nil || len(*created.Secret) < 16 ||
			res.Header.Get("Location") != "/v1/webhooks/"+created.ID || !created.Active {
			t.Fatalf("create: %d %s", res.Status, res.Body)
		}
		if strings.Contains(body, "my-own") && *created.Secret != "my-own-secret-0123456789" {
			t.Errorf("secret = %q, want the one sent", *created.Secret)
		}
		if !strings.Contains(body, "my-own") && !strings.HasPrefix(*created.Secret, "whsec_") {
			t.Errorf("generated secret = %q", *created.Secret)
		}
		for _, path := range []string{"/v1/webhooks/" + created.ID, "/v1/webhooks"} {
			if got := s.Get(t, path, tok); got.Status != 200 || strings.Contains(string(got.Body), *created.Secret) ||
				strings.Contains(string(got.Body), `"secret"`) {
				t.Errorf("GET %s: %d shows the secret: %s", path, got.Status, got.Body)
			}
		}
		log, err := s.Store.ListEvents(t.Context(), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range log {
			if strings.Contains(string(e.Data), *created.Secret) || strings.Contains(string(e.Data), "tok-in-url") {
				t.Errorf("event %s holds the secret or the URL's token: %s", e.Type, e.Data)
			}
		}
	}
}

// TestWebhookTargetsRefused posts the SSRF payloads through the API: each
// is a 422 problem naming url, on create and on update.
func TestWebhookTargetsRefused(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ada Admin", content.RoleAdmin))
	var hook api.Webhook
	s.Do(t, testutil.Request{Method: "POST", Path: "/v1/webhooks", Token: tok,
		Body: `{"url":"` + publicTarget + `","events":["post.*"]}`}).JSON(t, &hook)
	for _, u := range []string{"http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/", "http://localhost/", "http://localhost.:8080/", "http://0.0.0.0/", "http://2130706433/",
		"http://0x7f000001/", "http://[::ffff:127.0.0.1]/", "http://192.168.0.10/", "http://100.100.100.100/",
		"http://[fd00::1]/", "http://user:pass@93.184.215.14/", "file:///etc/passwd", "gopher://93.184.215.14/"} {
		for _, req := range []testutil.Request{
			{Method: "POST", Path: "/v1/webhooks", Token: tok, Body: `{"url":"` + u + `","events":["post.*"]}`},
			{Method: "PATCH", Path: "/v1/webhooks/" + hook.ID, Token: tok, Body: `{"url":"` + u + `"}`},
		} {
			res := s.Do(t, req)
			var p api.Problem
			res.JSON(t, &p)
			if res.Status != http.StatusUnprocessableEntity || len(p.Errors) == 0 || p.Errors[0].Field != "url" {
				t.Errorf("%s %q: %d %s, want 422 naming url", req.Method, u, res.Status, res.Body)
			}
		}
	}
}

// TestWebhookInputValidation covers the event patterns, the secret and
// the strict body.
func TestWebhookInputValidation(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ada Admin", content.RoleAdmin))
	var hook api.Webhook
	s.Do(t, testutil.Request{Method: "POST", Path: "/v1/webhooks", Token: tok,
		Body: `{"url":"` + publicTarget + `","events":["post.*","tag.created","*","user.*","listing.*"]}`}).JSON(t, &hook)
	cases := []struct {
		method, path, body, field string
		status                    int
	}{
		{"POST", "/v1/webhooks", `{"url":"` + publicTarget + `","events":["post.publised"]}`, "events", 422},
		{"POST", "/v1/webhooks", `{"url":"` + publicTarget + `","events":["nope.*"]}`, "events", 422},
		{"POST", "/v1/webhooks", `{"url":"` + publicTarget + `","events":["post.**"]}`, "events", 422},
		{"POST", "/v1/webhooks", `{"url":"` + publicTarget + `","events":[]}`, "events", 422},
		{"POST", "/v1/webhooks", `{"url":"` + publicTarget + `","events":["tag.*","tag.*"]}`, "events", 422},
		{"POST", "/v1/webhooks", `{"url":"` + publicTarget + `"}`, "events", 422},
		{"POST", "/v1/webhooks", `{"url":"` + publicTarget + `","events":["*"],"secret":"short"}`, "secret", 422},
		{"POST", "/v1/webhooks", `{"url":"` + publicTarget + `","events":["*"],"active":false}`, "active", 400},
		{"PATCH", "/v1/webhooks/" + hook.ID, `{"events":null}`, "events", 422},
		{"PATCH", "/v1/webhooks/" + hook.ID, `{"secret":"has spaces in it, sadly"}`, "secret", 422},
		{"GET", "/v1/webhooks/not-a-ulid", "", "id", 400},
		{"GET", "/v1/webhooks/" + content.NewID(), "", "", 404},
		{"GET", "/v1/webhooks/" + content.NewID() + "/deliveries", "", "", 404},
		{"GET", "/v1/webhooks/" + hook.ID + "/deliveries?cursor=forged", "", "cursor", 400},
	}
	for _, c := range cases {
		req := testutil.Request{Method: c.method, Path: c.path, Token: tok}
		if c.body != "" {
			req.Body = c.body
		}
		res := s.Do(t, req)
		var p api.Problem
		res.JSON(t, &p)
		if res.Status != c.status || (c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field)) {
			t.Errorf("%s %s %s: %d %s, want %d naming %q", c.method, c.path, c.body, res.Status, res.Body, c.status, c.field)
		}
	}
}

// TestWebhookDeliveriesViaAPI runs a dispatcher against a loopback
// receiver that fails once, then reads the delivery log through the API,
// newest first and paged, and pauses and resumes the webhook by PATCH.
func TestWebhookDeliveriesViaAPI(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ada Admin", content.RoleAdmin))
	var calls atomic.Int32
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer rc.Close()
	// The receiver is on loopback, which the API refuses: store the webhook
	// through a service that allows it, as FOLIO_WEBHOOK_ALLOW_PRIVATE would.
	lax := service.New(service.Options{Store: s.Store, Signer: s.Signer, Hasher: auth.NewHasher(1024), Now: s.Clock.Now,
		CursorKey: []byte("k"), Webhooks: service.WebhookOptions{AllowPrivate: true}})
	url, patterns := rc.URL, []string{"tag.created"}
	hook, err := lax.CreateWebhook(testutil.System(t.Context()), content.WebhookInput{URL: &url, Events: &patterns})
	if err != nil {
		t.Fatal(err)
	}
	stop := runDispatcher(t, events.New(s.Store, events.Options{AllowPrivate: true, PollInterval: 20 * time.Millisecond,
		RetryBase: time.Millisecond, RetryCap: 5 * time.Millisecond}))
	defer stop()
	name := "Delivered"
	if _, err := s.Service.CreateTag(testutil.System(t.Context()), content.TagInput{Name: &name}); err != nil {
		t.Fatal(err)
	}

	var page api.WebhookDeliveryList
	deadline := time.Now().Add(5 * time.Second)
	for len(page.Data) < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		page = api.WebhookDeliveryList{} // decode afresh: absent fields must not keep old values
		s.Get(t, "/v1/webhooks/"+hook.ID+"/deliveries", tok).JSON(t, &page)
	}
	if len(page.Data) != 2 {
		t.Fatalf("deliveries = %+v, want 2", page.Data)
	}
	newest, oldest := page.Data[0], page.Data[1]
	if !newest.Succeeded || *newest.StatusCode != 200 || newest.Attempt != 2 || newest.NextRetryAt != nil ||
		oldest.Succeeded || *oldest.StatusCode != 500 || oldest.Attempt != 1 || oldest.NextRetryAt == nil ||
		oldest.Error == "" || newest.DeliveryID != oldest.DeliveryID || newest.EventType != content.EventTagCreated {
		t.Errorf("deliveries, newest first = %+v", page.Data)
	}
	checkPagesAndPause(t, s, tok, hook.ID, page.Data)
}

// checkPagesAndPause walks the delivery log one entry a page, then pauses
// and resumes the webhook.
func checkPagesAndPause(t *testing.T, s *testutil.Server, tok, id string, all []api.WebhookDelivery) {
	t.Helper()
	var first, second api.WebhookDeliveryList
	s.Get(t, "/v1/webhooks/"+id+"/deliveries?limit=1", tok).JSON(t, &first)
	if len(first.Data) != 1 || first.Meta.NextCursor == nil || first.Data[0].ID != all[0].ID {
		t.Fatalf("first page = %+v", first)
	}
	s.Get(t, "/v1/webhooks/"+id+"/deliveries?limit=1&cursor="+*first.Meta.NextCursor, tok).JSON(t, &second)
	if len(second.Data) != 1 || second.Meta.NextCursor != nil || second.Data[0].ID != all[1].ID {
		t.Fatalf("second page = %+v", second)
	}
	var got api.Webhook
	s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/webhooks/" + id, Token: tok, Body: `{"active":false}`}).JSON(t, &got)
	if got.Active || got.DisabledReason == "" || got.LastEventID < all[0].EventID {
		t.Errorf("paused webhook = %+v", got)
	}
	s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/webhooks/" + id, Token: tok, Body: `{"active":true}`}).JSON(t, &got)
	if !got.Active || got.DisabledReason != "" || got.ConsecutiveFailures != 0 {
		t.Errorf("resumed webhook = %+v", got)
	}
}

func runDispatcher(t *testing.T, d *events.Dispatcher) (stop func()) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = d.Run(ctx)
	}()
	return func() { cancel(); <-done }
}
