package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Config configures a Client. BaseURL and Token are required; every other field has a default.
type Config struct {
	// BaseURL is where this resource server reaches Keyward: "https://keyward.example.com".
	BaseURL string
	// Token is this resource server's own Keyward token, whose role must hold tokens:verify.
	Token string
	// TrustedProxies are the proxies in front of this resource server whose X-Forwarded-For
	// is believed (see ClientIP).
	TrustedProxies []netip.Prefix
	// CacheTTL is how long a good verdict is trusted (default 30s), never past the token's
	// expiry.
	CacheTTL time.Duration
	// NegativeTTL is how long a refusal is trusted (default 5s).
	NegativeTTL time.Duration
	// CacheSize bounds the cached verdicts, one per token and client IP (default 10000).
	CacheSize int
	// Issuer is the iss of Keyward's JWT access tokens, Keyward's public base URL (default:
	// BaseURL without a trailing slash). Set it when this resource server reaches Keyward at
	// another address than the public one.
	Issuer string
	// HTTPClient makes the calls to Keyward (default: a client of its own). Its Timeout, if
	// any, is not applied to the events stream, which stays open.
	HTTPClient *http.Client
	// Timeout bounds each call to Keyward but the events stream (default 5s).
	Timeout time.Duration
	// DisableEvents turns the events stream off: the cache is then a plain TTL cache, and a
	// token revoked in Keyward keeps working here for up to CacheTTL. JWT access tokens are
	// then verified online too (through the cache), never offline.
	DisableEvents bool
	// StaleIfError is how old a cached verdict may be and still serve while Keyward cannot be
	// asked (default 5m).
	StaleIfError time.Duration
	// Logger receives the client's few log lines: the stream connected or lost, Keyward
	// unreachable or back (default slog.Default()). Tokens never appear in them.
	Logger *slog.Logger

	// clock replaces time.Now in tests.
	clock func() time.Time
}

// The defaults of Config.
const (
	DefaultCacheTTL     = 30 * time.Second
	DefaultNegativeTTL  = 5 * time.Second
	DefaultCacheSize    = 10_000
	DefaultTimeout      = 5 * time.Second
	DefaultStaleIfError = 5 * time.Minute
)

// Client verifies the tokens presented to a resource server with Keyward, through a cache
// that Keyward's events stream keeps current. It is safe for concurrent use.
type Client struct {
	base, token, issuer string
	proxies             []netip.Prefix
	ttl, negTTL, stale  time.Duration
	timeout             time.Duration
	events              bool
	http, streamHTTP    *http.Client
	log                 *slog.Logger
	now                 func() time.Time

	cache  *cache
	grants grants
	keys   keyring

	// healthyUntil is the Unix nanosecond until which the events stream counts as live:
	// the latest sign of life plus 2.5 heartbeats; 0 while it is down.
	healthyUntil atomic.Int64
	// silence is 2.5 heartbeats, as said by the stream's ready event.
	silence atomic.Int64
	// flushedAt is the Unix second of the latest flush: a JWT issued no later may predate
	// a change the stream did not tell, so it is verified online.
	flushedAt atomic.Int64
	// online holds the sign-ins whose access tokens are verified online (invalidated lately).
	online signIns
	// down is set while Keyward cannot be asked, so that the log says so once.
	down atomic.Bool

	stats counters

	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// counters are the Stats the cache shards do not keep.
type counters struct {
	misses, online, offline, stale, errors, local atomic.Uint64
	connected                                     atomic.Bool
	reconnects, invalidations, flushes            atomic.Uint64
}

// Stats are the client's counters since New, for a caller's metrics.
type Stats struct {
	// Hits are verdicts served from the cache; Misses the lookups it could not answer.
	Hits, Misses uint64
	// OnlineVerifies are calls to Keyward's verify API that got an answer; OfflineVerifies
	// are JWT access tokens checked with Keyward's public keys.
	OnlineVerifies, OfflineVerifies uint64
	// StaleServed are verdicts served past their time because Keyward could not be asked.
	StaleServed uint64
	// Errors are lookups that failed because Keyward could not be asked.
	Errors uint64
	// LocalRefusals are tokens refused without asking: malformed, or a JWT that fails its
	// checks.
	LocalRefusals uint64
	// Entries are the cached verdicts now; Evictions those dropped to make room.
	Entries   int
	Evictions uint64
	// StreamConnected says whether the events stream is live now; Reconnects counts its
	// connections after the first, Invalidations and Flushes the events applied (Flushes
	// counts the one at each connection too: what happened meanwhile is unknown).
	StreamConnected        bool
	Reconnects             uint64
	Invalidations, Flushes uint64
}

// New returns a client for cfg and, unless cfg.DisableEvents, starts following Keyward's
// events stream; Close stops it.
func New(cfg Config) (*Client, error) {
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if base == "" {
		return nil, errors.New("keyward: config: BaseURL is required")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("keyward: config: BaseURL %q must be an http or https URL like https://keyward.example.com", cfg.BaseURL)
	}
	if cfg.Token == "" {
		return nil, errors.New("keyward: config: Token is required (a Keyward token whose role holds tokens:verify)")
	}
	if strings.ContainsAny(cfg.Token, " \t\r\n") {
		return nil, errors.New("keyward: config: Token must not contain spaces or line breaks")
	}
	for name, d := range map[string]time.Duration{"CacheTTL": cfg.CacheTTL, "NegativeTTL": cfg.NegativeTTL,
		"Timeout": cfg.Timeout, "StaleIfError": cfg.StaleIfError} {
		if d < 0 {
			return nil, fmt.Errorf("keyward: config: %s must not be negative", name)
		}
	}
	if cfg.CacheSize < 0 {
		return nil, errors.New("keyward: config: CacheSize must not be negative")
	}
	for _, p := range cfg.TrustedProxies {
		if !p.IsValid() {
			return nil, errors.New("keyward: config: TrustedProxies holds an invalid prefix")
		}
	}
	c := &Client{
		base:    base,
		token:   cfg.Token,
		issuer:  strings.TrimRight(cfg.Issuer, "/"),
		proxies: cfg.TrustedProxies,
		ttl:     or(cfg.CacheTTL, DefaultCacheTTL),
		negTTL:  or(cfg.NegativeTTL, DefaultNegativeTTL),
		stale:   or(cfg.StaleIfError, DefaultStaleIfError),
		timeout: or(cfg.Timeout, DefaultTimeout),
		events:  !cfg.DisableEvents,
		http:    cfg.HTTPClient,
		log:     cfg.Logger,
		now:     cfg.clock,
		cache:   newCache(or(cfg.CacheSize, DefaultCacheSize)),
		done:    make(chan struct{}),
	}
	if c.issuer == "" {
		c.issuer = base
	}
	if c.http == nil {
		t := &http.Transport{Proxy: http.ProxyFromEnvironment}
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			t = dt.Clone()
		}
		// Verify calls run concurrently: keep connections for them.
		t.MaxIdleConnsPerHost = 64
		c.http = &http.Client{Transport: t}
	}
	stream := *c.http
	stream.Timeout = 0
	c.streamHTTP = &stream
	if c.log == nil {
		c.log = slog.Default()
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.silence.Store(int64(defaultHeartbeat * 5 / 2))
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	if c.events {
		go c.follow(ctx)
	} else {
		close(c.done)
	}
	return c, nil
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Close stops following the events stream and waits for it to end. The client still
// verifies tokens afterwards, online each time (as while the stream is down).
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.cancel()
		<-c.done
	})
	return nil
}

// Stats returns the client's counters.
func (c *Client) Stats() Stats {
	return Stats{
		Hits:            c.cache.hits(),
		Misses:          c.stats.misses.Load(),
		OnlineVerifies:  c.stats.online.Load(),
		OfflineVerifies: c.stats.offline.Load(),
		StaleServed:     c.stats.stale.Load(),
		Errors:          c.stats.errors.Load(),
		LocalRefusals:   c.stats.local.Load(),
		Entries:         c.cache.len(),
		Evictions:       c.cache.evictions.Load(),
		StreamConnected: c.stats.connected.Load() && c.healthy(c.now()),
		Reconnects:      c.stats.reconnects.Load(),
		Invalidations:   c.stats.invalidations.Load(),
		Flushes:         c.stats.flushes.Load(),
	}
}

// healthy reports whether the events stream is live at now: cached verdicts are trusted.
func (c *Client) healthy(now time.Time) bool {
	return now.UnixNano() < c.healthyUntil.Load()
}

// trusted reports whether e may be served without asking Keyward.
func (c *Client) trusted(e *entry, now time.Time) bool {
	return now.Before(e.fresh) && (!c.events || c.healthy(now))
}

// Verify returns Keyward's verdict on token presented from ip (the zero Addr when unknown;
// a token with a whitelist is then refused), and when permission is not empty, whether its
// role grants that permission and how far (Verdict.Scope). The verdict comes from the cache
// when it can be trusted (see the package documentation), else from Keyward. A refused token
// is a verdict, not an error: error is only for Keyward could not be asked (ErrUnavailable,
// or an *Error saying why this client's own token was refused).
func (c *Client) Verify(ctx context.Context, token string, ip netip.Addr, permission string) (*Verdict, error) {
	if permission != "" && !validPermission(permission) {
		return nil, fmt.Errorf("keyward: verify: permission %q must look like module:action or module:action:qualifier", permission)
	}
	v, err := c.lookup(ctx, token, ip.Unmap().WithZone(""))
	if err != nil {
		return nil, err
	}
	return v.withPermission(permission), nil
}

// maxTokenLen bounds what is looked at as a token: Keyward's own are well under it.
const maxTokenLen = 8 << 10

// lookup returns the verdict on token from ip, whatever the permission.
func (c *Client) lookup(ctx context.Context, token string, ip netip.Addr) (*Verdict, error) {
	// What cannot be a token is refused before it is hashed (the checksum waits for a miss:
	// only well-formed tokens are ever cached, so a hit vouches for it).
	if !(len(token) == tokenLen && token[:len(tokenPrefix)] == tokenPrefix) && !looksLikeJWT(token) {
		c.stats.local.Add(1)
		return verdictMalformed, nil
	}
	k := keyOf(token, ip)
	s := c.cache.shard(k)
	now := c.now()
	if e := s.get(k); e != nil && c.trusted(e, now) {
		s.hits.Add(1)
		e.touch(now)
		return e.v, nil
	}
	return c.miss(ctx, token, k, now)
}

// miss answers a lookup the cache could not: the token's shape, offline for a JWT when the
// stream vouches for it, else online, else a stale verdict while Keyward cannot be asked.
func (c *Client) miss(ctx context.Context, token string, k cacheKey, now time.Time) (*Verdict, error) {
	kind := shapeOf(token)
	if kind == shapeMalformed {
		c.stats.local.Add(1)
		return verdictMalformed, nil
	}
	c.stats.misses.Add(1)
	var sid string
	if kind == shapeJWT {
		var v *Verdict
		var decided bool
		v, sid, decided = c.offline(ctx, token, k, now)
		if decided {
			return v, nil
		}
	}
	v, err := c.ask(ctx, token, k, sid)
	if err == nil {
		return v, nil
	}
	if errors.Is(err, ErrUnavailable) {
		now = c.now()
		if e := c.cache.shard(k).get(k); e != nil && now.Sub(e.filled) < c.stale {
			c.stats.stale.Add(1)
			if v := e.v; v.Valid && v.ExpiresAt != nil && !now.Before(*v.ExpiresAt) {
				return verdictExpired, nil
			}
			return e.v, nil
		}
	}
	if ctx.Err() == nil {
		c.stats.errors.Add(1)
	}
	return nil, err
}

// cacheVerdict caches v, given at now, under k unless the epoch moved since epoch; sid is
// the sign-in of a JWT (empty for an API token).
func (c *Client) cacheVerdict(k cacheKey, v *Verdict, sid string, epoch uint64, now time.Time) {
	e := &entry{v: v, filled: now, tokenID: v.Token.ID, sid: sid}
	if v.Valid {
		e.fresh = now.Add(c.ttl)
		if v.ExpiresAt != nil && v.ExpiresAt.Before(e.fresh) {
			e.fresh = *v.ExpiresAt
		}
	} else {
		ttl := c.negTTL
		if v.Code == CodeRateLimited && v.RetryAfter > 0 {
			ttl = min(ttl, v.RetryAfter)
		}
		e.fresh = now.Add(ttl)
	}
	e.keep = now.Add(max(c.stale, e.fresh.Sub(now)))
	c.cache.put(k, e, epoch, now)
}
