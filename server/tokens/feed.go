package tokens

import (
	"context"
	"sync"
	"time"

	"github.com/keyward/keyward/db"
)

// Change is what a subscriber of the feed must forget: some tokens' verdicts, some API
// sign-ins' access tokens, or (Flush) everything.
type Change struct {
	Tokens  []int64
	SignIns []int64
	Flush   bool
}

// Empty says whether the change names nothing.
func (c Change) Empty() bool { return !c.Flush && len(c.Tokens) == 0 && len(c.SignIns) == 0 }

// maxPending is how many ids a subscriber's pending change holds before it becomes a flush:
// a subscriber that reads slowly is told to forget everything rather than hold back its
// invalidations or the feed.
const maxPending = 1000

// Feed passes every change that drops cache entries in this process (its own invalidations,
// the other replicas' it hears through the Broadcast, and the whole-cache drops after the
// channel was down) to the resource servers following GET /api/v1/events, and the moments
// tokens and replaced secrets expire. Publishing never blocks: each subscriber collects what
// it has not read yet.
type Feed struct {
	mu   sync.Mutex
	subs map[*Subscription]struct{}
	// deaf is set while this process may miss changes made elsewhere; subscribers are then
	// let go, so that they stop trusting what they cached.
	deaf bool
	// closed is set once the process stops serving: nobody may follow it any more.
	closed bool
}

// NewFeed returns a feed with no subscribers, hearing every change (a single process).
func NewFeed() *Feed { return &Feed{subs: map[*Subscription]struct{}{}} }

// Subscription is one follower of the feed.
type Subscription struct {
	feed *Feed
	mu   sync.Mutex
	next Change
	// Ready is signalled when a change is pending.
	Ready chan struct{}
	// Gone is closed when the feed lets the subscriber go (the process stopped hearing
	// changes made elsewhere).
	Gone   chan struct{}
	closed bool
}

// Subscribe adds a follower; ok is false while the feed may be missing changes.
func (f *Feed) Subscribe() (s *Subscription, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.deaf || f.closed {
		return nil, false
	}
	s = &Subscription{feed: f, Ready: make(chan struct{}, 1), Gone: make(chan struct{})}
	f.subs[s] = struct{}{}
	return s, true
}

// Subscribers is how many follow the feed.
func (f *Feed) Subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

// Close stops following the feed.
func (s *Subscription) Close() {
	s.feed.mu.Lock()
	delete(s.feed.subs, s)
	s.feed.mu.Unlock()
	s.end()
}

func (s *Subscription) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.Gone)
	}
}

// Take returns the pending change and forgets it.
func (s *Subscription) Take() Change {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.next
	s.next = Change{}
	return c
}

func (s *Subscription) add(c Change) {
	s.mu.Lock()
	switch {
	case s.next.Flush:
	case c.Flush || len(s.next.Tokens)+len(c.Tokens)+len(s.next.SignIns)+len(c.SignIns) > maxPending:
		s.next = Change{Flush: true}
	default:
		s.next.Tokens = append(s.next.Tokens, c.Tokens...)
		s.next.SignIns = append(s.next.SignIns, c.SignIns...)
	}
	s.mu.Unlock()
	select {
	case s.Ready <- struct{}{}:
	default:
	}
}

// Publish passes c to every subscriber.
func (f *Feed) Publish(c Change) {
	if c.Empty() {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		s.add(c)
	}
}

// dropped publishes a cache drop by key: a token id, a sign-in (SignInKey), or 0 for all.
func (f *Feed) dropped(key int64) {
	switch {
	case key == 0:
		f.Publish(Change{Flush: true})
	case key < 0:
		f.Publish(Change{SignIns: []int64{-key}})
	default:
		f.Publish(Change{Tokens: []int64{key}})
	}
}

// hears is told whether this process hears changes made elsewhere. Going deaf lets every
// subscriber go and refuses new ones until it hears again.
func (f *Feed) hears(ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deaf = !ok
	if !ok {
		f.letGo()
	}
}

// Close lets every subscriber go and refuses new ones: the process is stopping, and a
// graceful shutdown waits for the streams to end.
func (f *Feed) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.letGo()
}

func (f *Feed) letGo() {
	for s := range f.subs {
		delete(f.subs, s)
		s.end()
	}
}

// expiryTick is how often the feed looks for tokens and replaced secrets that just expired,
// while anyone follows it.
const expiryTick = 250 * time.Millisecond

// WatchExpiry publishes, until ctx ends, each token whose expiry or replaced secret's grace
// period ends, within expiryTick of the moment: a resource server that cached the token's
// verdict forgets it then. It reads the database only while the feed has subscribers.
func (s *Service) WatchExpiry(ctx context.Context, f *Feed, onError func(error)) {
	t := time.NewTicker(expiryTick)
	defer t.Stop()
	last := s.now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := s.now()
		if f.Subscribers() == 0 {
			last = now
			continue
		}
		ids, err := s.expiredBetween(ctx, last, now)
		if err != nil {
			if ctx.Err() == nil {
				onError(err)
			}
			continue // the same window again next time
		}
		last = now
		f.Publish(Change{Tokens: ids})
	}
}

// expiredBetween lists the tokens that expired, or whose replaced secret expired, in
// (from, to].
func (s *Service) expiredBetween(ctx context.Context, from, to time.Time) ([]int64, error) {
	var ids []int64
	if err := s.db.NewSelect().Model((*db.Token)(nil)).Column("id").
		Where("revoked_at IS NULL AND expires_at > ? AND expires_at <= ?", from, to).
		Scan(ctx, &ids); err != nil {
		return nil, err
	}
	var secrets []int64
	if err := s.db.NewSelect().Model((*db.TokenSecret)(nil)).Column("token_id").
		Where("expires_at > ? AND expires_at <= ?", from, to).
		Scan(ctx, &secrets); err != nil {
		return nil, err
	}
	return append(ids, secrets...), nil
}
