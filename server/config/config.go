// Package config reads Keyward's configuration from KEYWARD_* environment variables and the
// flags of the same names; a bad value stops start-up with a message naming the variable.
package config

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything Keyward reads at start-up.
type Config struct {
	Addr           string
	DatabaseURL    string
	BaseURL        *url.URL
	SMTPURL        string
	MailFrom       string
	TrustedProxies []netip.Prefix
	// MetricsAllow are the client addresses /metrics answers (others get 404).
	MetricsAllow []netip.Prefix
	LogFormat    string
	// RefusalLimit refusals within RefusalWindow hold a client address back with 429
	// (0: never).
	RefusalLimit  int
	RefusalWindow time.Duration
	// SecretKey encrypts the signing keys of access tokens in the database (32 bytes; nil:
	// a key file holds one, see app.SecretKey).
	SecretKey []byte
	// TokenCacheSize bounds the verification cache (entries per process).
	TokenCacheSize int
	// PprofAddr, when set, serves Go's profiler (net/http/pprof) on a listener of its own.
	PprofAddr string
}

// Var describes one setting: its environment variable, flag, default and meaning.
type Var struct {
	Env, Flag, Default, Help string
}

// Vars lists every setting, in the order the README documents them.
var Vars = []Var{
	{"KEYWARD_ADDR", "addr", ":8080", "address the HTTP server listens on"},
	{"KEYWARD_DATABASE_URL", "database-url", "sqlite:keyward.db", "sqlite:<file> or postgres://user:pass@host:5432/db"},
	{"KEYWARD_BASE_URL", "base-url", "", "public URL of the console, used in links in emails; https makes cookies Secure (default http://localhost:<port of KEYWARD_ADDR>)"},
	{"KEYWARD_SMTP_URL", "smtp-url", "", "smtp://user:pass@host:587 (empty: emails are written to the log)"},
	{"KEYWARD_MAIL_FROM", "mail-from", "Keyward <keyward@localhost>", "sender of Keyward's emails"},
	{"KEYWARD_TRUSTED_PROXIES", "trusted-proxies", "", "comma-separated IPs or CIDR ranges of reverse proxies whose X-Forwarded-For is believed"},
	{"KEYWARD_METRICS_ALLOW", "metrics-allow", "127.0.0.0/8,::1", "comma-separated IPs or CIDR ranges that may read /metrics (Prometheus); none turns it off"},
	{"KEYWARD_LOG_FORMAT", "log-format", "text", "text or json"},
	{"KEYWARD_SECRET_KEY", "secret-key", "", "32 random bytes, base64, that encrypt the signing keys of access tokens in the database; set the same on every replica; unset, a file beside the SQLite database (or keyward-secret.key in the working directory, on Postgres) holds one (keyward keys secret prints a new one)"},
	{"KEYWARD_REFUSAL_LIMIT", "refusal-limit", "100/1m", "refused token uses per client address (count/window) after which it is answered 429 until the window ends; off turns it off"},
	{"KEYWARD_TOKEN_CACHE_SIZE", "token-cache-size", "100000", "verified tokens each process keeps in memory (about 1 KB each); beyond it, the least recently used make room"},
	{"KEYWARD_PPROF_ADDR", "pprof-addr", "", "address of a separate listener serving Go's profiler at /debug/pprof/ (empty: none); keep it private, for example 127.0.0.1:6060"},
}

// Load reads the configuration: a flag given in args wins over the environment variable
// (read through getenv), which wins over the default. extra adds a command's own flags.
func Load(getenv func(string) string, args []string, extra ...func(*flag.FlagSet)) (*Config, error) {
	fs := flag.NewFlagSet("keyward", flag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	for _, add := range extra {
		add(fs)
	}
	vals := map[string]*string{}
	for _, v := range Vars {
		def := v.Default
		if e := getenv(v.Env); e != "" {
			def = e
		}
		vals[v.Env] = fs.String(v.Flag, def, v.Help+" ("+v.Env+")")
	}
	if err := fs.Parse(args); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}
	get := func(env string) string { return strings.TrimSpace(*vals[env]) }

	c := &Config{
		Addr:        get("KEYWARD_ADDR"),
		DatabaseURL: get("KEYWARD_DATABASE_URL"),
		SMTPURL:     get("KEYWARD_SMTP_URL"),
		MailFrom:    get("KEYWARD_MAIL_FROM"),
		LogFormat:   get("KEYWARD_LOG_FORMAT"),
	}
	var errs []error
	bad := func(env, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{env}, args...)...))
	}
	if c.Addr == "" {
		bad("KEYWARD_ADDR", "must not be empty (for example :8080)")
	}
	if !strings.HasPrefix(c.DatabaseURL, "sqlite:") && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		bad("KEYWARD_DATABASE_URL", "must start with sqlite: or postgres://")
	}
	base := get("KEYWARD_BASE_URL")
	if base == "" {
		base = localURL(c.Addr)
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("KEYWARD_BASE_URL", "must be an http:// or https:// URL, got %q", base)
	} else {
		u.Path = strings.TrimRight(u.Path, "/")
		c.BaseURL = u
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			bad("KEYWARD_SMTP_URL", "must look like smtp://user:pass@host:587 or smtps://host:465")
		}
	}
	prefixes := func(env string) []netip.Prefix {
		var out []netip.Prefix
		for _, p := range strings.Split(get(env), ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			prefix, err := parsePrefix(p)
			if err != nil {
				bad(env, "%q is not an IP address or CIDR range", p)
				continue
			}
			out = append(out, prefix)
		}
		return out
	}
	c.TrustedProxies = prefixes("KEYWARD_TRUSTED_PROXIES")
	if get("KEYWARD_METRICS_ALLOW") != "none" {
		c.MetricsAllow = prefixes("KEYWARD_METRICS_ALLOW")
	}
	if lim := get("KEYWARD_REFUSAL_LIMIT"); lim != "off" {
		n, window, ok := strings.Cut(lim, "/")
		count, err := strconv.Atoi(n)
		d, derr := time.ParseDuration(window)
		if !ok || err != nil || derr != nil || count < 1 || d < time.Second {
			bad("KEYWARD_REFUSAL_LIMIT", "must be count/window like 100/1m (a count of at least 1, a window of at least 1s), or off; got %q", lim)
		}
		c.RefusalLimit, c.RefusalWindow = count, d
	}
	if k := get("KEYWARD_SECRET_KEY"); k != "" {
		b, err := base64.StdEncoding.DecodeString(k)
		if err != nil {
			b, err = base64.RawURLEncoding.DecodeString(k)
		}
		if err != nil || len(b) != 32 {
			bad("KEYWARD_SECRET_KEY", "must be 32 bytes in base64 (keyward keys secret prints one)")
		} else {
			c.SecretKey = b
		}
	}
	if n, err := strconv.Atoi(get("KEYWARD_TOKEN_CACHE_SIZE")); err != nil || n < 1 || n > 100_000_000 {
		bad("KEYWARD_TOKEN_CACHE_SIZE", "must be a number of entries from 1 to 100000000, got %q", get("KEYWARD_TOKEN_CACHE_SIZE"))
	} else {
		c.TokenCacheSize = n
	}
	if c.PprofAddr = get("KEYWARD_PPROF_ADDR"); c.PprofAddr != "" {
		if _, _, err := net.SplitHostPort(c.PprofAddr); err != nil {
			bad("KEYWARD_PPROF_ADDR", "must be host:port like 127.0.0.1:6060, got %q", c.PprofAddr)
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("KEYWARD_LOG_FORMAT", "must be text or json, got %q", c.LogFormat)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// localURL is the console's address on this machine when no base URL is given: the port
// of addr on localhost, so that the links of `keyward serve --addr :9000` work.
func localURL(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		port = "8080"
	}
	return "http://localhost:" + port
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// SecureCookies reports whether the console is served over https.
func (c *Config) SecureCookies() bool { return c.BaseURL != nil && c.BaseURL.Scheme == "https" }
