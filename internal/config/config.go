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
	SiteURL         string
	SiteTitle       string
	PostURLPattern  string
	Demo            bool

	// DrainDelay is how long /readyz answers 503 before the listener closes,
	// so load balancers stop routing first (FOLIO_DRAIN_DELAY, default 0).
	DrainDelay time.Duration
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// OTel holds the standard OpenTelemetry variables Folio acts on.
	OTel OTel
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
	c.PasswordMemKiB = uint32(envInt(getenv, "FOLIO_PASSWORD_HASH_MEMORY_KIB", 19456, &errs))
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
	if s := strings.ToUpper(c.SQLiteSync); s != "NORMAL" && s != "FULL" {
		errs = append(errs, errors.New("FOLIO_SQLITE_SYNCHRONOUS must be NORMAL or FULL"))
	}
	return errors.Join(errs...)
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
