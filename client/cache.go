package client

import (
	"crypto/sha256"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// cacheKey is what a verdict is cached under: the SHA-256 of the token (the token itself is
// never kept) and the client IP it came from.
type cacheKey struct {
	hash [sha256.Size]byte
	ip   netip.Addr
}

func keyOf(token string, ip netip.Addr) cacheKey {
	return cacheKey{hash: sha256.Sum256(bytesOf(token)), ip: ip}
}

// bytesOf views s as bytes without copying, for functions that only read their input.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// entry is one cached verdict.
type entry struct {
	v *Verdict
	// filled is when the verdict was given, fresh until when it may be trusted, and keep
	// until when it is kept at all (to be served stale while Keyward cannot be asked).
	filled, fresh, keep time.Time
	// used is the Unix second of the entry's latest use: what eviction goes by.
	used atomic.Int64
	// tokenID and sid index the entry for invalidation.
	tokenID, sid string
}

// touch records a use, written at most once a second so that hits on one entry share a
// cache line that stays clean.
func (e *entry) touch(now time.Time) {
	if sec := now.Unix(); e.used.Load() != sec {
		e.used.Store(sec)
	}
}

// call is a verify call in flight, which concurrent requests for the same key wait for
// rather than each asking Keyward.
type call struct {
	done chan struct{}
	v    *Verdict
	err  error
	// epoch is the cache's epoch when the call started: what its answer is cached against.
	epoch uint64
	// waiters counts the requests that joined the call (under the shard's lock).
	waiters int
}

// evictionSample is how many entries eviction compares: the least recently used of a random
// sample goes (as Redis does), so that a hit never takes a write lock to reorder a list.
const evictionSample = 8

// shard is one part of the cache, with its own lock.
type shard struct {
	mu      sync.RWMutex
	m       map[cacheKey]*entry
	byToken map[string]map[cacheKey]struct{}
	bySID   map[string]map[cacheKey]struct{}
	calls   map[cacheKey]*call
	hits    atomic.Uint64
	_       [64]byte // keeps shards' hot words on separate cache lines
}

// cache is the verdict cache: bounded, sharded by key, indexed by token id and sign-in id.
type cache struct {
	shards []shard
	mask   uint32
	// max is the bound of each shard.
	max       int
	evictions atomic.Uint64
	// epoch changes on every invalidation, flush and loss of the events stream: a verdict
	// asked for before a change and answered after it is not cached, since it may predate it.
	epoch atomic.Uint64
}

// maxShards bounds the shards; a small cache has fewer, so that the bound holds.
const maxShards = 32

func newCache(size int) *cache {
	n := 1
	for n*2 <= min(size, maxShards) {
		n *= 2
	}
	c := &cache{shards: make([]shard, n), mask: uint32(n - 1), max: max(1, size/n)}
	for i := range c.shards {
		s := &c.shards[i]
		s.m = map[cacheKey]*entry{}
		s.byToken = map[string]map[cacheKey]struct{}{}
		s.bySID = map[string]map[cacheKey]struct{}{}
		s.calls = map[cacheKey]*call{}
	}
	return c
}

func (c *cache) shard(k cacheKey) *shard {
	return &c.shards[uint32(k.hash[0])&c.mask]
}

func (s *shard) get(k cacheKey) *entry {
	s.mu.RLock()
	e := s.m[k]
	s.mu.RUnlock()
	return e
}

// put caches e under k unless the epoch moved since epoch was read: then what e says may
// be older than an invalidation already applied. The check is made under the shard's lock,
// which invalidation takes after moving the epoch, so that no stale entry slips in between.
func (c *cache) put(k cacheKey, e *entry, epoch uint64, now time.Time) bool {
	s := c.shard(k)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.epoch.Load() != epoch {
		return false
	}
	if old := s.m[k]; old != nil {
		s.unindex(k, old)
	} else if len(s.m) >= c.max {
		s.evict(now)
		c.evictions.Add(1)
	}
	e.used.Store(now.Unix())
	s.m[k] = e
	if e.tokenID != "" {
		index(s.byToken, e.tokenID, k)
	}
	if e.sid != "" {
		index(s.bySID, e.sid, k)
	}
	return true
}

func index(m map[string]map[cacheKey]struct{}, id string, k cacheKey) {
	set := m[id]
	if set == nil {
		set = map[cacheKey]struct{}{}
		m[id] = set
	}
	set[k] = struct{}{}
}

func unindex(m map[string]map[cacheKey]struct{}, id string, k cacheKey) {
	if set := m[id]; set != nil {
		delete(set, k)
		if len(set) == 0 {
			delete(m, id)
		}
	}
}

func (s *shard) unindex(k cacheKey, e *entry) {
	if e.tokenID != "" {
		unindex(s.byToken, e.tokenID, k)
	}
	if e.sid != "" {
		unindex(s.bySID, e.sid, k)
	}
}

func (s *shard) remove(k cacheKey) {
	if e := s.m[k]; e != nil {
		s.unindex(k, e)
		delete(s.m, k)
	}
}

// evict removes one entry: one kept past its time if the sample has one, else the least
// recently used of a random sample (map iteration starts at a random place).
func (s *shard) evict(now time.Time) {
	var victim cacheKey
	var oldest int64
	n := 0
	for k, e := range s.m {
		if now.After(e.keep) {
			victim = k
			break
		}
		if u := e.used.Load(); n == 0 || u < oldest {
			victim, oldest = k, u
		}
		if n++; n == evictionSample {
			break
		}
	}
	s.remove(victim)
}

// invalidate drops the entries of the given token ids and sign-in ids.
func (c *cache) invalidate(tokenIDs, sids []string) {
	c.epoch.Add(1)
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		for _, id := range tokenIDs {
			for k := range s.byToken[id] {
				s.remove(k)
			}
		}
		for _, id := range sids {
			for k := range s.bySID[id] {
				s.remove(k)
			}
		}
		s.mu.Unlock()
	}
}

// flush drops every entry.
func (c *cache) flush() {
	c.epoch.Add(1)
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		clear(s.m)
		clear(s.byToken)
		clear(s.bySID)
		s.mu.Unlock()
	}
}

// len counts the entries.
func (c *cache) len() int {
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.RLock()
		n += len(s.m)
		s.mu.RUnlock()
	}
	return n
}

func (c *cache) hits() uint64 {
	var n uint64
	for i := range c.shards {
		n += c.shards[i].hits.Load()
	}
	return n
}

// join returns the call in flight for k, or starts one (leader true): the leader must
// finish it with done. A call that started before the latest invalidation is not joined:
// its answer may predate it.
func (s *shard) join(k cacheKey, epoch *atomic.Uint64) (cl *call, leader bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := epoch.Load()
	if cl = s.calls[k]; cl != nil && cl.epoch == e {
		cl.waiters++
		return cl, false
	}
	cl = &call{done: make(chan struct{}), epoch: e}
	s.calls[k] = cl
	return cl, true
}

func (s *shard) done(k cacheKey, cl *call) {
	s.mu.Lock()
	if s.calls[k] == cl {
		delete(s.calls, k)
	}
	s.mu.Unlock()
	close(cl.done)
}
