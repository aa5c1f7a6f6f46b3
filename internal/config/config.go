// Package config reads Folio's configuration from the environment and the
// command line, applies defaults and checks it.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is everything Folio can be told.
type Config struct {
	Addr            string
	DatabaseURL     string
	ReplicaURL      string
	DataDir         string
	JWTSecret       string
	AdminEmail      string
	AdminPassword   string
	TokenTTL        time.Duration
	BodyLimit       int64
	CacheControl    string
	TrustedProxies  []*net.IPNet
	DBPoolSize      int
	SQLiteSync      string
	PasswordMemKiB  uint32
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
	CacheMaxBytes   int64
	SiteURL         string
	SiteTitle       string
	PostURLPattern  string
	Demo            bool

	// SearchWindow is how many of the newest matches a search ranks
	// by relevance (FOLIO_SEARCH_WINDOW, default 1000); older ones follow.
	SearchWindow int
	// DrainDelay is how long /readyz answers 503 before the listener closes,
	// so load balancers stop routing first (FOLIO_DRAIN_DELAY, default 0).
	DrainDelay time.Duration
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// OTel holds the standard OpenTelemetry variables Folio acts on.
	OTel OTel
	// Webhooks configure the webhook dispatcher and the targets it accepts.
	Webhooks Webhooks
}

// Webhooks are the FOLIO_WEBHOOK_* settings.
type Webhooks struct {
	AllowPrivate   bool          // FOLIO_WEBHOOK_ALLOW_PRIVATE: accept loopback, private and link-local targets
	MaxFailures    int           // FOLIO_WEBHOOK_MAX_FAILURES: failed attempts in a row that disable a webhook (10)
	PollInterval   time.Duration // FOLIO_WEBHOOK_POLL_INTERVAL: how often the log is read (500ms)
	RetryBase      time.Duration // FOLIO_WEBHOOK_RETRY_BASE: first backoff ceiling, doubled per attempt (10s)
	RetryCap       time.Duration // FOLIO_WEBHOOK_RETRY_CAP: largest backoff ceiling (1h)
	ConnectTimeout time.Duration // FOLIO_WEBHOOK_CONNECT_TIMEOUT: TCP connect and TLS handshake (5s)
	Timeout        time.Duration // FOLIO_WEBHOOK_TIMEOUT: a whole attempt (10s)
}

// OTel are the OpenTelemetry variables that decide whether and where spans
// are exported; the exporter reads the other OTEL_* variables itself.
type OTel struct {
	Endpoint       string // OTEL_EXPORTER_OTLP_ENDPOINT
	TracesEndpoint string // OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
	ServiceName    string // OTEL_SERVICE_NAME
	// Disabled is OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none.
	Disabled bool
}

// Defaults of the settings.
const (
	DefaultAddr        = ":8080"
	DefaultDatabaseURL = "./data/folio.db"
)

// Load reads the environment through getenv, then flags from args (flags
// win). It returns the remaining arguments.
func Load(getenv func(string) string, args []string) (Config, []string, error) {
	c := Config{
		Addr:           envOr(getenv, "FOLIO_ADDR", DefaultAddr),
		DatabaseURL:    envOr(getenv, "FOLIO_DATABASE_URL", DefaultDatabaseURL),
		DataDir:        getenv("FOLIO_DATA_DIR"),
		JWTSecret:      getenv("FOLIO_JWT_SECRET"),
		AdminEmail:     getenv("FOLIO_ADMIN_EMAIL"),
		AdminPassword:  getenv("FOLIO_ADMIN_PASSWORD"),
		CacheControl:   envOr(getenv, "FOLIO_CACHE_CONTROL", "public, max-age=60, stale-while-revalidate=300"),
		SQLiteSync:     envOr(getenv, "FOLIO_SQLITE_SYNCHRONOUS", "NORMAL"),
		LogLevel:       envOr(getenv, "FOLIO_LOG_LEVEL", "info"),
		LogFormat:      envOr(getenv, "FOLIO_LOG_FORMAT", "json"),
		SiteURL:        envOr(getenv, "FOLIO_SITE_URL", "http://localhost:8080"),
		SiteTitle:      envOr(getenv, "FOLIO_SITE_TITLE", "Folio"),
		PostURLPattern: getenv("FOLIO_POST_URL_PATTERN"),
		MetricsToken:   getenv("FOLIO_METRICS_TOKEN"),
		OTel: OTel{Endpoint: getenv("OTEL_EXPORTER_OTLP_ENDPOINT"), TracesEndpoint: getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
			ServiceName: getenv("OTEL_SERVICE_NAME"),
			Disabled:    strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") || strings.EqualFold(getenv("OTEL_TRACES_EXPORTER"), "none")},
	}
	var errs []error
	c.TokenTTL = envDuration(getenv, "FOLIO_TOKEN_TTL", time.Hour, &errs)
	c.ShutdownTimeout = envDuration(getenv, "FOLIO_SHUTDOWN_TIMEOUT", 15*time.Second, &errs)
	c.DrainDelay = envDuration(getenv, "FOLIO_DRAIN_DELAY", 0, &errs)
	c.BodyLimit = int64(envInt(getenv, "FOLIO_BODY_LIMIT", 1<<20, &errs))
	c.DBPoolSize = envInt(getenv, "FOLIO_DB_POOL_SIZE", 0, &errs)
	c.SearchWindow = envInt(getenv, "FOLIO_SEARCH_WINDOW", 1000, &errs)
	c.CacheMaxBytes = int64(envInt(getenv, "FOLIO_CACHE_MAX_BYTES", 64<<20, &errs))
	c.PasswordMemKiB = uint32(envInt(getenv, "FOLIO_PASSWORD_HASH_MEMORY_KIB", 19456, &errs))
	c.Webhooks = loadWebhooks(getenv, &errs)
	if nets, err := parseCIDRs(getenv("FOLIO_TRUSTED_PROXIES")); err != nil {
		errs = append(errs, err)
	} else {
		c.TrustedProxies = nets
	}
	fs := flag.NewFlagSet("folio", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (FOLIO_ADDR)")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "SQLite path or postgres:// URL (FOLIO_DATABASE_URL)")
	fs.BoolVar(&c.Demo, "demo", false, "load demo content into an empty database")
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return c, nil, err
	}
	c.applyDefaults()
	return c, fs.Args(), c.Validate()
}

func (c *Config) applyDefaults() {
	if c.DataDir == "" {
		c.DataDir = "./data"
		if !c.IsPostgres() {
			c.DataDir = filepath.Dir(sqlitePath(c.DatabaseURL))
		}
	}
	if c.DBPoolSize <= 0 {
		c.DBPoolSize = runtime.NumCPU() * 2 // SQLite readers; PostgreSQL open connections
		if c.IsPostgres() {
			c.DBPoolSize = max(10, runtime.NumCPU()*4)
		}
	}
}

// IsPostgres reports whether the database is PostgreSQL.
func (c Config) IsPostgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// Validate checks the settings that defaults cannot fix.
func (c Config) Validate() error {
	var errs []error
	if c.JWTSecret != "" && len(c.JWTSecret) < 32 {
		errs = append(errs, errors.New("FOLIO_JWT_SECRET must be at least 32 characters"))
	}
	if (c.AdminEmail == "") != (c.AdminPassword == "") {
		errs = append(errs, errors.New("set both FOLIO_ADMIN_EMAIL and FOLIO_ADMIN_PASSWORD, or neither"))
	}
	if c.TokenTTL < time.Minute || c.TokenTTL > 30*24*time.Hour {
		errs = append(errs, errors.New("FOLIO_TOKEN_TTL must be between 1m and 720h"))
	}
	if c.ReplicaURL != "" && !c.IsPostgres() {
		errs = append(errs, errors.New("FOLIO_DATABASE_REPLICA_URL needs a postgres:// FOLIO_DATABASE_URL"))
	}
	if c.BodyLimit < 1024 {
		errs = append(errs, errors.New("FOLIO_BODY_LIMIT must be at least 1024 bytes"))
	}
	if c.PasswordMemKiB < 1024 {
		errs = append(errs, errors.New("FOLIO_PASSWORD_HASH_MEMORY_KIB must be at least 1024"))
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		errs = append(errs, errors.New("FOLIO_METRICS_TOKEN must be at least 16 characters"))
	}
	if c.DrainDelay < 0 || (c.DrainDelay > 0 && c.DrainDelay >= c.ShutdownTimeout) {
		errs = append(errs, errors.New("FOLIO_DRAIN_DELAY must be at least 0 and shorter than FOLIO_SHUTDOWN_TIMEOUT"))
	}
	if c.SearchWindow < 1 {
		errs = append(errs, errors.New("FOLIO_SEARCH_WINDOW must be at least 1"))
	}
	if s := strings.ToUpper(c.SQLiteSync); s != "NORMAL" && s != "FULL" {
		errs = append(errs, errors.New("FOLIO_SQLITE_SYNCHRONOUS must be NORMAL or FULL"))
	}
	errs = append(errs, c.Webhooks.validate()...)
	return errors.Join(errs...)
}

func loadWebhooks(getenv func(string) string, errs *[]error) Webhooks {
	w := Webhooks{
		MaxFailures:    envInt(getenv, "FOLIO_WEBHOOK_MAX_FAILURES", 10, errs),
		PollInterval:   envDuration(getenv, "FOLIO_WEBHOOK_POLL_INTERVAL", 500*time.Millisecond, errs),
		RetryBase:      envDuration(getenv, "FOLIO_WEBHOOK_RETRY_BASE", 10*time.Second, errs),
		RetryCap:       envDuration(getenv, "FOLIO_WEBHOOK_RETRY_CAP", time.Hour, errs),
		ConnectTimeout: envDuration(getenv, "FOLIO_WEBHOOK_CONNECT_TIMEOUT", 5*time.Second, errs),
		Timeout:        envDuration(getenv, "FOLIO_WEBHOOK_TIMEOUT", 10*time.Second, errs),
	}
	if v := getenv("FOLIO_WEBHOOK_ALLOW_PRIVATE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("FOLIO_WEBHOOK_ALLOW_PRIVATE: not true or false: %q", v))
		}
		w.AllowPrivate = b
	}
	return w
}

func (w Webhooks) validate() []error {
	var errs []error
	if w.MaxFailures < 1 {
		errs = append(errs, errors.New("FOLIO_WEBHOOK_MAX_FAILURES must be at least 1"))
	}
	if w.PollInterval < 10*time.Millisecond {
		errs = append(errs, errors.New("FOLIO_WEBHOOK_POLL_INTERVAL must be at least 10ms"))
	}
	if w.RetryBase <= 0 || w.RetryCap < w.RetryBase {
		errs = append(errs, errors.New("FOLIO_WEBHOOK_RETRY_BASE must be positive and at most FOLIO_WEBHOOK_RETRY_CAP"))
	}
	if w.ConnectTimeout <= 0 || w.Timeout < w.ConnectTimeout || w.Timeout > time.Minute {
		errs = append(errs, errors.New("FOLIO_WEBHOOK_CONNECT_TIMEOUT must be positive and at most FOLIO_WEBHOOK_TIMEOUT, itself at most 1m"))
	}
	return errs
}

func sqlitePath(raw string) string {
	for _, p := range []string{"sqlite3://", "sqlite://", "file:"} {
		raw = strings.TrimPrefix(raw, p)
	}
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		raw = raw[:i]
	}
	return raw
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func envInt(getenv func(string) string, key string, def int, errs *[]error) int {
	v := getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s: not an integer: %q", key, v))
	}
	return n
}

func envDuration(getenv func(string) string, key string, def time.Duration, errs *[]error) time.Duration {
	v := getenv(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s: not a duration like 1h or 30s: %q", key, v))
	}
	return d
}

func parseCIDRs(s string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("FOLIO_TRUSTED_PROXIES: %q is not a CIDR", part)
		}
		out = append(out, n)
	}
	return out, nil
}
