package tokens

import (
	"crypto/sha256"
	"fmt"
	"testing"
	"time"
)

func hashOf(i int) Hash { return sha256.Sum256(fmt.Appendf(nil, "token %d", i)) }

// The cache never holds more than its size, and makes room by evicting expired entries
// first, then the least recently used of a sample, so that tokens in use stay cached.
func TestCacheIsBoundedAndKeepsWhatIsInUse(t *testing.T) {
	const size = 1000
	c := NewCache(time.Hour, time.Minute, size)
	t0 := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for i := range size {
		c.Put(hashOf(i), &Identity{TokenID: int64(i + 1)}, t0)
	}
	// Half of them are in use a minute later.
	for i := range size / 2 {
		if _, ok := c.Get(hashOf(i), t0.Add(time.Minute)); !ok {
			t.Fatalf("token %d is not cached", i)
		}
	}
	// A quarter as many again arrive.
	for i := size; i < size+size/4; i++ {
		c.Put(hashOf(i), &Identity{TokenID: int64(i + 1)}, t0.Add(2*time.Minute))
		if n := c.Len(); n > size {
			t.Fatalf("the cache holds %d entries, more than %d", n, size)
		}
	}
	if c.Len() != size || c.Evictions() != size/4 {
		t.Fatalf("%d entries after %d evictions, want %d after %d", c.Len(), c.Evictions(), size, size/4)
	}
	kept := 0
	for i := range size / 2 {
		if _, ok := c.Get(hashOf(i), t0.Add(3*time.Minute)); ok {
			kept++
		}
	}
	// Evicting one of the 500 in use needs a sample of 8 without any of the 250 or more idle
	// ones: about 1 in 10 evictions at worst, so about 25 of them; 100 is far beyond chance.
	if kept < size/2-100 {
		t.Fatalf("only %d of the %d tokens in use are still cached", kept, size/2)
	}
	for i := size; i < size+size/4; i++ {
		if _, ok := c.Get(hashOf(i), t0.Add(3*time.Minute)); !ok {
			t.Fatalf("new token %d was evicted", i)
		}
	}
	// Invalidating a token still finds its entry, and a full cache prefers expired entries.
	c.Invalidate(int64(size + 1))
	if _, ok := c.Get(hashOf(size), t0.Add(3*time.Minute)); ok {
		t.Fatal("an invalidated token is still cached")
	}
	if len(c.byToken) != c.Len() {
		t.Fatalf("byToken knows %d tokens for %d entries", len(c.byToken), c.Len())
	}
	late := t0.Add(2 * time.Hour) // everything has expired
	c.Put(hashOf(-1), nil, late)
	c.Put(hashOf(-2), nil, late)
	if c.Len() > size {
		t.Fatalf("%d entries", c.Len())
	}
}

// Putting a token again replaces its entry rather than adding one.
func TestCachePutReplaces(t *testing.T) {
	c := NewCache(time.Hour, time.Minute, 10)
	now := time.Now()
	for range 5 {
		c.Put(hashOf(1), &Identity{TokenID: 1}, now)
	}
	if c.Len() != 1 || len(c.byToken[1]) != 1 {
		t.Fatalf("%d entries, %d hashes for token 1", c.Len(), len(c.byToken[1]))
	}
}
