package tokens

import (
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Identity is what a verified token stands for: a snapshot of the token, its role's
// permissions and its approved whitelist, as cached on the hot path.
type Identity struct {
	TokenID  int64
	Name     string
	Hint     string
	RoleID   int64
	RoleName string
	// CreatorID is the user who created the token (0 when unknown): the person acting through it.
	CreatorID int64
	// SignInID is set when the credential is the access token (a JWT) of an API sign-in
	// rather than an API token (TokenID 0): UserID and Email are then the signed-in user, who
	// acts in person, and JTI names the access token.
	SignInID int64
	UserID   int64
	Email    string
	JTI      string
	// PartnerID is the partner the token belongs to (0: the organisation's own), and App its
	// application (nil: none).
	PartnerID int64
	App       *App
	// scopes maps a plain permission the role grants only qualified to its qualifier.
	scopes    map[string]string
	All       bool
	Perms     map[string]bool
	ExpiresAt *time.Time
	// SecretExpiresAt is set when the presented secret was replaced and lives on for a grace period.
	SecretExpiresAt *time.Time
	Revoked         bool
	// HasWhitelist is true when the token has any entry, approved or not.
	HasWhitelist bool
	Allowed      []netip.Prefix

	// rendered memoises renderings of this (immutable) snapshot for the HTTP layer, one per
	// Rendering.
	rendered [Renderings]atomic.Pointer[[]byte]
}

// Rendering names one of the HTTP layer's memoised renderings of an identity.
type Rendering int

// The renderings the machine API memoises: whoami's answer and verify's.
const (
	RenderWhoami Rendering = iota
	RenderVerify
	Renderings
)

// Rendered returns render(id), computed once per cached snapshot and kind: the machine API
// renders the same token view on every request, so it does so once per cache fill.
func (id *Identity) Rendered(kind Rendering, render func(*Identity) []byte) []byte {
	if b := id.rendered[kind].Load(); b != nil {
		return *b
	}
	b := render(id)
	id.rendered[kind].Store(&b)
	return b
}

// Key is what Invalidate knows the identity's cache entries by: the token's id, or for an API
// sign-in the negated id of the sign-in (SignInKey).
func (id *Identity) Key() int64 {
	if id.SignInID != 0 {
		return SignInKey(id.SignInID)
	}
	return id.TokenID
}

// SignInKey is the cache key of the access tokens of a sign-in.
func SignInKey(signInID int64) int64 { return -signInID }

// Grant sets what the identity's role grants: everything, or perms. Identities granted the
// same permissions share one copy of them (a cache of 100,000 tokens holds a few roles'
// worth), so perms must not be changed afterwards.
func (id *Identity) Grant(all bool, perms map[string]bool) {
	g := grantOf(all, perms)
	id.All, id.Perms, id.scopes = all, g.perms, g.scopes
}

// grant is one set of permissions and its qualified scopes, shared.
type grant struct {
	perms  map[string]bool
	scopes map[string]string
}

// grants interns grants by their content, so a stale one can never be handed out; it starts
// over beyond maxGrants, which only costs sharing.
var grants struct {
	sync.Mutex
	byKey map[string]*grant
}

const maxGrants = 10_000

func grantOf(all bool, perms map[string]bool) *grant {
	names := make([]string, 0, len(perms))
	for p, ok := range perms {
		if ok {
			names = append(names, p)
		}
	}
	slices.Sort(names)
	key := strings.Join(names, " ")
	if all {
		key = "* " + key
	}
	grants.Lock()
	defer grants.Unlock()
	if g := grants.byKey[key]; g != nil {
		return g
	}
	if grants.byKey == nil || len(grants.byKey) >= maxGrants {
		grants.byKey = map[string]*grant{}
	}
	g := &grant{perms: perms, scopes: qualified(perms)}
	grants.byKey[key] = g
	return g
}

// Has reports whether the token's role holds perm exactly.
func (id *Identity) Has(perm string) bool { return id.All || id.Perms[perm] }

// Scope says whether the token's role grants perm, and how far: "all" for perm itself (or a
// role holding every permission); the qualifier for a qualified grant, since
// transactions:read:own grants transactions:read limited to "own" (and asked for as such,
// answers "own").
func (id *Identity) Scope(perm string) (string, bool) {
	if id.All {
		return "all", true
	}
	if id.Perms[perm] {
		if _, q, ok := splitQualifier(perm); ok {
			return q, true
		}
		return "all", true
	}
	q, ok := id.scopes[perm]
	return q, ok
}

// splitQualifier splits module:action:qualifier into module:action and qualifier.
func splitQualifier(perm string) (base, qualifier string, ok bool) {
	i := strings.LastIndexByte(perm, ':')
	if i < 0 || strings.IndexByte(perm, ':') == i {
		return perm, "", false
	}
	return perm[:i], perm[i+1:], true
}

// qualified maps each plain permission that perms grant only qualified to its qualifier (the
// first, alphabetically, when there are several).
func qualified(perms map[string]bool) map[string]string {
	var out map[string]string
	names := make([]string, 0, len(perms))
	for p := range perms {
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		base, q, ok := splitQualifier(p)
		if !ok || perms[base] {
			continue
		}
		if _, seen := out[base]; !seen {
			if out == nil {
				out = map[string]string{}
			}
			out[base] = q
		}
	}
	return out
}

type cached struct {
	id      *Identity // nil: no such token
	expires time.Time
	// filled is when the entry was read, on the monotonic clock.
	filled time.Time
	// used is the Unix second of the entry's latest use: what eviction goes by.
	used atomic.Int64
}

// OfflineTTL is how long an entry serves while invalidations may be missed (the listening
// connection to the other replicas is down): well under a second, so that a revocation made
// elsewhere meanwhile applies here within it.
const OfflineTTL = 300 * time.Millisecond

// DefaultCacheSize is how many entries a cache holds unless told otherwise.
const DefaultCacheSize = 100_000

// evictionSample is how many entries eviction compares: the least recently used of a random
// sample goes (as Redis does), so that a hit never takes the write lock to reorder a list.
const evictionSample = 8

// Cache keeps verified identities by token hash for a short time, at most max of them; when
// full, a new entry replaces an expired or little-used one. Every change to a token, its
// whitelist or a role drops the affected entries at once; Hooks let other replicas hear of it.
type Cache struct {
	mu      sync.RWMutex
	byHash  map[Hash]*cached
	byToken map[int64][]Hash
	ttl     time.Duration
	negTTL  time.Duration
	max     int
	// deaf is set while this process may miss invalidations made elsewhere.
	deaf atomic.Bool
	// evictions counts the entries that made room for others.
	evictions atomic.Int64
	// OnInvalidate, when set, hears of every local invalidation (tokenID 0: all), so that a
	// cross-replica channel can pass it on.
	OnInvalidate func(tokenID int64)
	// feed, when set, hears of every drop, local or not, for the resource servers that
	// follow GET /api/v1/events.
	feed atomic.Pointer[Feed]
}

// Feed returns the feed of this cache's drops, made on first use.
func (c *Cache) Feed() *Feed {
	if f := c.feed.Load(); f != nil {
		return f
	}
	f := NewFeed()
	f.hears(!c.deaf.Load())
	if c.feed.CompareAndSwap(nil, f) {
		return f
	}
	return c.feed.Load()
}

// NewCache returns a cache keeping known tokens for ttl and unknown ones for negTTL, at most
// size entries (DefaultCacheSize when size < 1).
func NewCache(ttl, negTTL time.Duration, size int) *Cache {
	if size < 1 {
		size = DefaultCacheSize
	}
	return &Cache{byHash: map[Hash]*cached{}, byToken: map[int64][]Hash{}, ttl: ttl, negTTL: negTTL, max: size}
}

// Get returns the cached identity of h (nil for a token known not to exist) and whether
// the cache had an answer.
func (c *Cache) Get(h Hash, now time.Time) (*Identity, bool) {
	c.mu.RLock()
	e := c.byHash[h]
	c.mu.RUnlock()
	if e == nil || now.After(e.expires) {
		return nil, false
	}
	if c.deaf.Load() && time.Since(e.filled) > OfflineTTL {
		return nil, false
	}
	// Written at most once a second per entry, so that hits on one token share a cache line
	// that stays clean.
	if sec := now.Unix(); e.used.Load() != sec {
		e.used.Store(sec)
	}
	return e.id, true
}

// Hears says whether invalidations made elsewhere reach this process. While they may not,
// entries serve for OfflineTTL only (a new cache hears: a single process has nobody else).
func (c *Cache) Hears(ok bool) {
	c.deaf.Store(!ok)
	if f := c.feed.Load(); f != nil {
		f.hears(ok)
	}
}

// Len is how many entries the cache holds.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.byHash)
}

// Evictions counts the entries that made room for others since the start.
func (c *Cache) Evictions() int64 { return c.evictions.Load() }

// Put remembers the identity of h (nil: unknown).
func (c *Cache) Put(h Hash, id *Identity, now time.Time) {
	ttl := c.ttl
	if id == nil {
		ttl = c.negTTL
	}
	e := &cached{id: id, expires: now.Add(ttl), filled: time.Now()}
	e.used.Store(now.Unix())
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.byHash[h]; old != nil {
		c.remove(h, old)
	} else if len(c.byHash) >= c.max {
		c.evict(now)
	}
	c.byHash[h] = e
	if id != nil {
		c.byToken[id.Key()] = append(c.byToken[id.Key()], h)
	}
}

// evict removes one entry: the first expired one of a random sample, else the sample's least
// recently used. Called with c.mu held.
func (c *Cache) evict(now time.Time) {
	var victim Hash
	var ve *cached
	n := 0
	for h, e := range c.byHash { // map iteration starts at a random place
		if now.After(e.expires) {
			victim, ve = h, e
			break
		}
		if ve == nil || e.used.Load() < ve.used.Load() {
			victim, ve = h, e
		}
		if n++; n == evictionSample {
			break
		}
	}
	if ve != nil {
		c.remove(victim, ve)
		c.evictions.Add(1)
	}
}

// remove deletes the entry e of h and its place in byToken. Called with c.mu held.
func (c *Cache) remove(h Hash, e *cached) {
	delete(c.byHash, h)
	if e.id == nil {
		return
	}
	k := e.id.Key()
	hs := slices.DeleteFunc(c.byToken[k], func(x Hash) bool { return x == h })
	if len(hs) == 0 {
		delete(c.byToken, k)
	} else {
		c.byToken[k] = hs
	}
}

// Invalidate drops every entry of one token (or, by SignInKey, of one sign-in), here and
// (through OnInvalidate) elsewhere.
func (c *Cache) Invalidate(tokenID int64) {
	c.Drop(tokenID)
	if c.OnInvalidate != nil {
		c.OnInvalidate(tokenID)
	}
}

// InvalidateAll drops every entry (a role's permissions changed), here and elsewhere.
func (c *Cache) InvalidateAll() {
	c.Drop(0)
	if c.OnInvalidate != nil {
		c.OnInvalidate(0)
	}
}

// Drop forgets one token's entries (0: everything) without telling anyone: what a replica
// does on hearing of another's invalidation.
func (c *Cache) Drop(tokenID int64) {
	c.drop(tokenID)
	if f := c.feed.Load(); f != nil {
		f.dropped(tokenID)
	}
}

func (c *Cache) drop(tokenID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if tokenID == 0 {
		c.byHash, c.byToken = map[Hash]*cached{}, map[int64][]Hash{}
		return
	}
	for _, h := range c.byToken[tokenID] {
		delete(c.byHash, h)
	}
	delete(c.byToken, tokenID)
	// Unknown-token entries stay: a new secret is fresh randomness that nobody can have
	// presented before.
}
