package httpapi_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

func login(t *testing.T, s *testutil.Server, email, password string) *testutil.Response {
	t.Helper()
	return s.Do(t, testutil.Request{Method: "POST", Path: "/v1/auth/login",
		Body: map[string]string{"email": email, "password": password}})
}

func TestLogin(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	res := login(t, s, "ANN.AUTHOR@example.com", "password-Ann Author")
	var tok api.AccessToken
	res.JSON(t, &tok)
	if res.Status != http.StatusOK || tok.TokenType != "Bearer" || tok.ExpiresIn != 3600 {
		t.Fatalf("login: %d %s", res.Status, res.Body)
	}
	var me api.User
	s.Get(t, "/v1/me", tok.AccessToken).JSON(t, &me)
	if me.ID != u.ID || me.Role != "author" || strings.Contains(string(res.Body), "password") {
		t.Fatalf("me: %+v", me)
	}
	wrong := login(t, s, u.Email, "not-the-password")
	unknown := login(t, s, "nobody@example.com", "not-the-password")
	var p1, p2 api.Problem
	wrong.JSON(t, &p1)
	unknown.JSON(t, &p2)
	if wrong.Status != 401 || unknown.Status != 401 || p1.Detail != p2.Detail {
		t.Fatalf("wrong password and unknown account differ: %d %q / %d %q", wrong.Status, p1.Detail, unknown.Status, p2.Detail)
	}
}

func TestLoginRateLimit(t *testing.T) {
	for _, account := range []string{"ann.author@example.com", "nobody@example.com"} {
		t.Run(account, func(t *testing.T) {
			s := testutil.NewServer(t)
			s.MustUser(t, "Ann Author", content.RoleAuthor)
			var last *testutil.Response
			for range 6 {
				last = login(t, s, account, "wrong-password")
			}
			if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
				t.Fatalf("6th attempt: %d %v", last.Status, last.Header)
			}
			// Even the right password is refused until the bucket refills.
			if res := login(t, s, "ann.author@example.com", "password-Ann Author"); account != "nobody@example.com" && res.Status != 429 {
				t.Fatalf("right password while limited: %d", res.Status)
			}
		})
	}
}

func TestHostileTokens(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ed Editor", content.RoleEditor)
	now := s.Clock.Now()
	claims := func(mut func(*auth.Claims)) auth.Claims {
		c := auth.Claims{Role: content.RoleAdmin, Ver: 1, RegisteredClaims: jwt.RegisteredClaims{
			Issuer: auth.Issuer, Subject: u.ID, Audience: jwt.ClaimStrings{auth.Audience}, ID: content.NewID(),
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}}
		if mut != nil {
			mut(&c)
		}
		return c
	}
	sign := func(c auth.Claims, key []byte) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
		tok.Header["typ"] = "at+jwt"
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	b64 := func(v any) string { raw, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(raw) }
	algNone := b64(map[string]string{"alg": "none", "typ": "at+jwt"}) + "." + b64(claims(nil)) + "."
	hs512 := func() string {
		head := b64(map[string]string{"alg": "HS512", "typ": "at+jwt"}) + "." + b64(claims(nil))
		m := hmac.New(sha256.New, testutil.TestSecret)
		m.Write([]byte(head))
		return head + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}()
	cases := map[string]string{
		"valid control":     sign(claims(nil), testutil.TestSecret),
		"wrong key":         sign(claims(nil), []byte("another-secret-that-is-long-enough-0123")),
		"expired":           sign(claims(func(c *auth.Claims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Hour)) }), testutil.TestSecret),
		"no exp":            sign(claims(func(c *auth.Claims) { c.ExpiresAt = nil }), testutil.TestSecret),
		"issued in future":  sign(claims(func(c *auth.Claims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour)) }), testutil.TestSecret),
		"wrong audience":    sign(claims(func(c *auth.Claims) { c.Audience = jwt.ClaimStrings{"other-api"} }), testutil.TestSecret),
		"wrong issuer":      sign(claims(func(c *auth.Claims) { c.Issuer = "evil" }), testutil.TestSecret),
		"unknown user":      sign(claims(func(c *auth.Claims) { c.Subject = content.NewID() }), testutil.TestSecret),
		"old token version": sign(claims(func(c *auth.Claims) { c.Ver = 0 }), testutil.TestSecret),
		"alg none":          algNone,
		"alg confusion":     hs512,
		"garbage":           "not.a.jwt",
		"many dots":         strings.Repeat(".", 4000),
		"huge":              strings.Repeat("a", 10000),
		"sql in token":      "' OR 1=1 --",
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/tags", Token: tok, Body: `{"name":"Forged ` + name + `"}`})
			want := http.StatusUnauthorized
			if name == "valid control" {
				want = http.StatusCreated // the forged role claim is ignored: the user's stored role counts
			}
			if res.Status != want {
				t.Fatalf("status %d, want %d: %s", res.Status, want, res.Body)
			}
			if want == 401 && !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("401 without WWW-Authenticate")
			}
		})
	}
	if res := s.Do(t, testutil.Request{Method: "GET", Path: "/v1/posts", Header: map[string]string{"Authorization": "Basic YTpi"}}); res.Status != 401 {
		t.Fatalf("basic auth: %d", res.Status)
	}
}

func TestTokensRevokedOnPasswordRoleChangeAndDelete(t *testing.T) {
	for _, change := range []string{`{"password":"a-brand-new-password"}`, `{"role":"author"}`, "delete"} {
		t.Run(change, func(t *testing.T) {
			s := testutil.NewServer(t)
			admin := s.Token(t, s.MustUser(t, "Ada Admin", content.RoleAdmin))
			ed := s.MustUser(t, "Ed Editor", content.RoleEditor)
			edToken := s.Token(t, ed)
			var named api.APIToken
			s.Do(t, testutil.Request{Method: "POST", Path: "/v1/auth/tokens", Token: edToken, Body: `{"name":"ci"}`}).JSON(t, &named)
			for _, tok := range []string{edToken, *named.Token} {
				if res := s.Get(t, "/v1/me", tok); res.Status != 200 {
					t.Fatalf("before change: %d", res.Status)
				}
			}
			req := testutil.Request{Method: "PATCH", Path: "/v1/users/" + ed.ID, Token: admin, Body: change}
			if change == "delete" {
				req = testutil.Request{Method: "DELETE", Path: "/v1/users/" + ed.ID, Token: admin}
			}
			if res := s.Do(t, req); res.Status >= 300 {
				t.Fatalf("change: %d %s", res.Status, res.Body)
			}
			for _, tok := range []string{edToken, *named.Token} {
				if res := s.Get(t, "/v1/me", tok); res.Status != 401 {
					t.Fatalf("old token still works after %s: %d", change, res.Status)
				}
			}
		})
	}
}

func TestAPITokens(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ann Author", content.RoleAuthor))
	res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/auth/tokens", Token: tok, Body: `{"name":"deploy","expires_in":3600}`})
	var created api.APIToken
	res.JSON(t, &created)
	if res.Status != 201 || created.Token == nil || created.ExpiresAt.Sub(s.Clock.Now()) != time.Hour {
		t.Fatalf("create token: %d %s", res.Status, res.Body)
	}
	var list api.APITokenList
	s.Get(t, "/v1/auth/tokens", *created.Token).JSON(t, &list)
	if len(list.Data) != 1 || list.Data[0].Token != nil || list.Data[0].Name != "deploy" {
		t.Fatalf("list tokens: %+v", list)
	}
	if res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/auth/tokens", Token: tok, Body: `{"name":"x","expires_in":-5}`}); res.Status != 422 {
		t.Fatalf("negative expiry: %d", res.Status)
	}
	if res := s.Do(t, testutil.Request{Method: "DELETE", Path: "/v1/auth/tokens/" + created.ID, Token: tok}); res.Status != 204 {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	if res := s.Get(t, "/v1/me", *created.Token); res.Status != 401 {
		t.Fatalf("revoked token works: %d", res.Status)
	}
	if res := s.Do(t, testutil.Request{Method: "DELETE", Path: "/v1/auth/tokens/" + created.ID, Token: tok}); res.Status != 404 {
		t.Fatalf("revoke twice: %d", res.Status)
	}
}
