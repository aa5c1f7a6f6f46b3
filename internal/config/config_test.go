package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaultsAndFlags(t *testing.T) {
	c, rest, err := Load(env(nil), []string{"--addr", ":9999", "--demo", "extra"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9999" || !c.Demo || c.DatabaseURL != DefaultDatabaseURL || c.DataDir != "data" ||
		c.TokenTTL != time.Hour || c.BodyLimit != 1<<20 || c.CacheMaxBytes != 64<<20 || len(rest) != 1 {
		t.Fatalf("defaults: %+v rest %v", c, rest)
	}
	c, _, err = Load(env(map[string]string{"FOLIO_DATABASE_URL": "postgres://u@h/db", "FOLIO_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.0.0/16"}), nil)
	if err != nil || !c.IsPostgres() || len(c.TrustedProxies) != 2 || c.DataDir != "./data" {
		t.Fatalf("postgres config: %+v %v", c, err)
	}
}

func TestLoadRejectsBadSettings(t *testing.T) {
	cases := map[string]map[string]string{
		"short secret":       {"FOLIO_JWT_SECRET": "short"},
		"admin without pass": {"FOLIO_ADMIN_EMAIL": "a@example.com"},
		"bad ttl":            {"FOLIO_TOKEN_TTL": "forever"},
		"ttl out of range":   {"FOLIO_TOKEN_TTL": "1s"},
		"bad int":            {"FOLIO_BODY_LIMIT": "lots"},
		"tiny body limit":    {"FOLIO_BODY_LIMIT": "10"},
		"bad cidr":           {"FOLIO_TRUSTED_PROXIES": "10.0.0.1"},
		"bad sync":           {"FOLIO_SQLITE_SYNCHRONOUS": "OFF"},
		"zero search window": {"FOLIO_SEARCH_WINDOW": "0"},
	}
	for name, e := range cases {
		if _, _, err := Load(env(e), nil); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), "FOLIO_") {
			t.Errorf("%s: error does not name the setting: %v", name, err)
		}
	}
}
