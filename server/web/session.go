package web

import (
	"context"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/clock"
)

// SessionCookieName is the console session cookie.
const SessionCookieName = "keyward_session"

// Session keys.
const (
	keyUserID = "uid"
	keyAuthAt = "auth_at"
	keySeenAt = "seen_at"
	// A sign-in waiting for its emailed code: the user and when the password was checked.
	keyPendingUser = "pending_uid"
	keyPendingAt   = "pending_at"
)

// seenGranularity is how stale the last-seen time may get before a request rewrites it.
const seenGranularity = time.Minute

// Sessions manages console sessions: stored in the database (so replicas share them), the id
// renewed at sign-in, sign-out and privilege change, with an idle timeout and an absolute
// lifetime measured on Keyward's clock.
type Sessions struct {
	Manager  *scs.SessionManager
	clock    clock.Clock
	timeouts Timeouts
	stop     func()
}

// Timeouts returns the idle timeout and the absolute lifetime in force (from the settings).
type Timeouts func(ctx context.Context) (idle, lifetime time.Duration)

// MaxLifetime is the longest a session row is kept in the store.
const MaxLifetime = 7 * 24 * time.Hour

// NewSessions builds the session manager on d.
func NewSessions(d *db.DB, c clock.Clock, timeouts Timeouts, secure bool) *Sessions {
	sm := scs.New()
	// The store keeps a session row until its deadline (set at sign-in from the lifetime in
	// force); the idle timeout and lifetime are checked here on Keyward's clock (scs's own
	// idle timeout would rewrite the session row on every request).
	sm.Lifetime = MaxLifetime
	sm.Cookie.Name = SessionCookieName
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = false
	s := &Sessions{Manager: sm, clock: c, timeouts: timeouts}
	switch d.Engine {
	case db.Postgres:
		st := pgxstore.NewWithCleanupInterval(d.Pool, 5*time.Minute)
		sm.Store, s.stop = retryStore{st, d.Pool}, st.StopCleanup
	default:
		st := sqlite3store.NewWithCleanupInterval(d.SQL, 5*time.Minute)
		sm.Store, s.stop = st, st.StopCleanup
	}
	return s
}

// Close stops the store's cleanup.
func (s *Sessions) Close() { s.stop() }

// SignIn renews the session id and binds the session to the user.
func (s *Sessions) SignIn(ctx context.Context, userID int64) error {
	if err := s.Manager.RenewToken(ctx); err != nil {
		return err
	}
	_, lifetime := s.timeouts(ctx)
	s.Manager.SetDeadline(ctx, time.Now().Add(lifetime))
	now := s.clock.Now().Unix()
	s.Manager.Remove(ctx, keyPendingUser)
	s.Manager.Remove(ctx, keyPendingAt)
	s.Manager.Put(ctx, keyUserID, userID)
	s.Manager.Put(ctx, keyAuthAt, now)
	s.Manager.Put(ctx, keySeenAt, now)
	return nil
}

// AwaitCode binds the session to a user whose password was right and who now must enter
// the emailed code; the session is not signed in until SignIn.
func (s *Sessions) AwaitCode(ctx context.Context, userID int64) error {
	if err := s.Manager.RenewToken(ctx); err != nil {
		return err
	}
	s.Manager.Remove(ctx, keyUserID)
	s.Manager.Put(ctx, keyPendingUser, userID)
	s.Manager.Put(ctx, keyPendingAt, s.clock.Now().Unix())
	return nil
}

// AwaitingCode returns the user whose sign-in waits for a code in this session, or 0 when
// none does or it began more than ttl ago.
func (s *Sessions) AwaitingCode(ctx context.Context, ttl time.Duration) int64 {
	uid := s.Manager.GetInt64(ctx, keyPendingUser)
	if uid == 0 || s.clock.Now().Sub(time.Unix(s.Manager.GetInt64(ctx, keyPendingAt), 0)) >= ttl {
		return 0
	}
	return uid
}

// SignOut ends the session: the stored row is deleted and the cookie cleared.
func (s *Sessions) SignOut(ctx context.Context) error {
	return s.Manager.Destroy(ctx)
}

// Renew issues a new session id for the same session.
func (s *Sessions) Renew(ctx context.Context) error {
	return s.Manager.RenewToken(ctx)
}

// UserID returns the signed-in user of the session, or 0. A session past its idle timeout or
// absolute lifetime is destroyed and reads as signed out.
func (s *Sessions) UserID(ctx context.Context) int64 {
	uid := s.Manager.GetInt64(ctx, keyUserID)
	if uid == 0 {
		return 0
	}
	now := s.clock.Now()
	authAt := time.Unix(s.Manager.GetInt64(ctx, keyAuthAt), 0)
	seenAt := time.Unix(s.Manager.GetInt64(ctx, keySeenAt), 0)
	idle, lifetime := s.timeouts(ctx)
	if now.Sub(authAt) >= lifetime || now.Sub(seenAt) >= idle {
		_ = s.Manager.Destroy(ctx)
		return 0
	}
	if now.Sub(seenAt) >= seenGranularity {
		s.Manager.Put(ctx, keySeenAt, now.Unix())
	}
	return uid
}

// retryStore runs a session read or write once more when Postgres had closed the connection
// before it arrived (db.Terminated): the first signed-in request after the database dropped
// its connections then succeeds instead of failing.
type retryStore struct {
	*pgxstore.PostgresStore
	pool *pgxpool.Pool
}

func (s retryStore) retry(fn func() error) error {
	err := fn()
	if db.Retry(s.pool, err) {
		return fn()
	}
	return err
}

func (s retryStore) FindCtx(ctx context.Context, token string) (b []byte, found bool, err error) {
	err = s.retry(func() (err error) {
		b, found, err = s.PostgresStore.FindCtx(ctx, token)
		return err
	})
	return b, found, err
}

func (s retryStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return s.retry(func() error { return s.PostgresStore.CommitCtx(ctx, token, b, expiry) })
}

func (s retryStore) DeleteCtx(ctx context.Context, token string) error {
	return s.retry(func() error { return s.PostgresStore.DeleteCtx(ctx, token) })
}

func (s retryStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s retryStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s retryStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }
