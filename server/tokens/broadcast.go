package tokens

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// InvalidationChannel is the Postgres NOTIFY channel on which replicas tell each other
// which tokens' cache entries to drop.
const InvalidationChannel = "keyward_token_cache"

// Broadcast passes this process's cache invalidations to every other replica sharing the
// Postgres database, and applies theirs, with LISTEN/NOTIFY: a revoked token fails on every
// replica within a moment, not after the cache's TTL. A notification is only sent after the
// change committed (Invalidate is called then). While the listening connection is down,
// notifications may be missed, so each reconnection drops the whole cache.
//
// The same channel carries "the settings changed" (payload origin:settings), so that a
// setting such as requireWhitelist applies on every replica at once, not after the few
// seconds each keeps the settings.
type Broadcast struct {
	pool     *pgxpool.Pool
	cache    *Cache
	settings func() // forgets this process's settings
	// hears tells the settings whether changes made elsewhere reach this process.
	hears  func(bool)
	log    *slog.Logger
	origin string // this process's id, to skip its own notifications
	done   chan struct{}
}

// settingsPayload names a settings change in place of a token id.
const settingsPayload = "settings"

// StartBroadcast wires c, and the settings that forgetSettings makes this process read
// again, to the other replicas until ctx ends; Wait returns once it has. Until the listening
// connection is up, and whenever it is down, the cache and the settings (through
// settingsHear) are told that they may miss changes, and so serve for a moment only.
func StartBroadcast(ctx context.Context, pool *pgxpool.Pool, c *Cache, forgetSettings func(), settingsHear func(bool), log *slog.Logger) *Broadcast {
	b := &Broadcast{pool: pool, cache: c, settings: forgetSettings, hears: settingsHear, log: log, origin: newOrigin(), done: make(chan struct{})}
	b.heard(false)
	c.OnInvalidate = func(tokenID int64) { b.notify(strconv.FormatInt(tokenID, 10)) }
	go b.run(ctx)
	return b
}

// SettingsChanged tells the other replicas to read the settings again; call it after the
// change committed.
func (b *Broadcast) SettingsChanged() { b.notify(settingsPayload) }

func newOrigin() string {
	var r [8]byte
	_, _ = rand.Read(r[:])
	return hex.EncodeToString(r[:])
}

// Wait blocks until the listener has stopped (after ctx ended).
func (b *Broadcast) Wait() { <-b.done }

// notify tells the other replicas what changed: a token id whose entries to drop (0: all),
// or the settings. It is called after the change committed; should it fail, the others
// catch up when their cache entries (30 s) or settings (5 s) expire.
func (b *Broadcast) notify(what string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := b.pool.Exec(ctx, "SELECT pg_notify($1, $2)", InvalidationChannel, b.origin+":"+what); err != nil {
		b.log.Error("token cache: notify the other replicas", "err", err)
	}
}

// The reconnection delays: the first retry is quick, repeated failures back off, and a
// connection that listened again starts over from the first.
const (
	firstRetry = 100 * time.Millisecond
	maxRetry   = 5 * time.Second
)

func (b *Broadcast) heard(ok bool) {
	b.cache.Hears(ok)
	if b.hears != nil {
		b.hears(ok)
	}
}

func (b *Broadcast) run(ctx context.Context) {
	defer close(b.done)
	backoff := firstRetry
	for ctx.Err() == nil {
		listened, err := b.listen(ctx)
		b.heard(false)
		if ctx.Err() != nil {
			return
		}
		if listened {
			backoff = firstRetry
		}
		b.log.Warn("token cache: lost the invalidation channel, reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		if !listened {
			backoff = min(backoff*2, maxRetry)
		}
	}
}

// listen holds one connection in LISTEN and applies what arrives, until an error or ctx
// ends. listened says whether it got as far as listening.
func (b *Broadcast) listen(ctx context.Context) (listened bool, err error) {
	conn, err := b.pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	// A connection that was listening is not handed back to the pool for other work.
	defer func() {
		_ = conn.Conn().Close(context.Background())
		conn.Release()
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+InvalidationChannel); err != nil {
		return false, err
	}
	// Anything may have changed while nobody was listening.
	b.cache.Drop(0)
	b.settings()
	b.heard(true)
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		origin, id, ok := strings.Cut(n.Payload, ":")
		if !ok || origin == b.origin {
			continue
		}
		if id == settingsPayload {
			b.settings()
			continue
		}
		tokenID, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			continue
		}
		b.cache.Drop(tokenID)
	}
}
