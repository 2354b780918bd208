package audit

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/jobs"
	"github.com/uptrace/bun"
)

// Refusals counts refused requests in memory and writes them to the trail in batches: one
// event per (actor, client IP, action, target, details) per flush, with details.count. A
// flood of refused requests so costs no database write on its path, and no write is tied to
// a request's context, so a client that hangs up loses nothing. Run flushes on a timer and
// once more when it stops.
type Refusals struct {
	db    *db.DB
	clock clock.Clock
	max   int

	mu      sync.Mutex
	pending map[refusalKey]*refusal
	// counted hear of each batch inside its transaction (OnFlush).
	counted []func(ctx context.Context, tx bun.Tx, batch []Tally) error
}

// Tally is one written refusal event's count, as OnFlush hands it on.
type Tally struct {
	// First and Last are when the first and the last of the Count refusals happened.
	First, Last                  time.Time
	Action, TargetType, TargetID string
	// Details is the event's details as Add was given them (without count).
	Details string
	Count   int
}

// OnFlush registers fn to hear, inside each flush's transaction, what the flush writes: so
// another domain keeps counts of its own from the same batch, at no write per request. An
// error from fn fails the flush, which keeps the refusals for the next. Register before Run.
func (r *Refusals) OnFlush(fn func(ctx context.Context, tx bun.Tx, batch []Tally) error) {
	r.counted = append(r.counted, fn)
}

// refusalKey is what makes two refusals the same event: everything but the time.
type refusalKey struct {
	actorType, actorID, actorLabel, ip string
	action, targetType, targetID       string
	targetLabel, outcome, details      string
	partner                            int64
}

type refusal struct {
	first, last time.Time
	count       int
	userAgent   string
}

// overflowAction is where refusals go, still counted, once MaxPending distinct ones wait.
const overflowAction = "audit.overflow"

// MaxPending bounds the distinct refusals held between two flushes.
const MaxPending = 10000

// NewRefusals returns an empty batch writing through d.
func NewRefusals(d *db.DB, c clock.Clock) *Refusals {
	return &Refusals{db: d, clock: c, max: MaxPending, pending: map[refusalKey]*refusal{}}
}

// Add counts one refusal, e, by the actor of ctx (or e.Actor). e.Outcome defaults to DENIED.
func (r *Refusals) Add(ctx context.Context, e Event) {
	a := e.actor(ctx)
	if e.Outcome == "" {
		e.Outcome = Denied
	}
	details, err := e.details()
	if err != nil {
		details = `{"reason":"details that do not encode"}`
	}
	var partner int64
	if p := e.partner(a); p != nil {
		partner = *p
	}
	k := refusalKey{a.Type, a.ID, a.Label, a.IP, e.Action, e.TargetType, e.TargetID, e.TargetLabel, e.Outcome, details, partner}
	now := r.clock.Now().UTC()
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.pending[k]
	if p == nil {
		if len(r.pending) >= r.max {
			k = refusalKey{actorType: ActorSystem, action: overflowAction, outcome: e.Outcome, details: `{"reason":"too many distinct refusals between two flushes"}`}
			p = r.pending[k]
		}
		if p == nil {
			p = &refusal{first: now}
			r.pending[k] = p
		}
	}
	p.count++
	p.last = now
	if p.userAgent == "" {
		p.userAgent = truncate(a.UserAgent, 512)
	}
}

// Pending returns how many refusals wait to be written.
func (r *Refusals) Pending() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, p := range r.pending {
		n += p.count
	}
	return n
}

// Flush writes what waits in one transaction. On failure the refusals are kept for the next
// flush, so none is lost while the database is away.
func (r *Refusals) Flush(ctx context.Context) error {
	r.mu.Lock()
	batch := r.pending
	r.pending = map[refusalKey]*refusal{}
	r.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	events := make([]db.AuditEvent, 0, len(batch))
	tallies := make([]Tally, 0, len(batch))
	for k, p := range batch {
		tallies = append(tallies, Tally{First: p.first, Last: p.last, Action: k.action, TargetType: k.targetType, TargetID: k.targetID, Details: k.details, Count: p.count})
		details := map[string]any{}
		_ = json.Unmarshal([]byte(k.details), &details)
		details["count"] = p.count
		if p.count > 1 {
			details["until"] = p.last.Format(time.RFC3339)
		}
		b, _ := json.Marshal(details)
		ev := db.AuditEvent{At: p.first, ActorType: k.actorType, ActorID: k.actorID, ActorLabel: k.actorLabel,
			Action: k.action, TargetType: k.targetType, TargetID: k.targetID, TargetLabel: k.targetLabel,
			Outcome: k.outcome, IP: k.ip, UserAgent: p.userAgent, Details: string(b)}
		if k.partner != 0 {
			ev.PartnerID = &k.partner
		}
		events = append(events, ev)
	}
	err := r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// In slices, to stay under the databases' limits on bound parameters.
		for chunk := range slices.Chunk(events, 500) {
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return err
			}
		}
		for _, fn := range r.counted {
			if err := fn(ctx, tx, tallies); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		r.mu.Lock()
		for k, p := range batch {
			if q := r.pending[k]; q != nil {
				q.count += p.count
				q.first = p.first
			} else {
				r.pending[k] = p
			}
		}
		r.mu.Unlock()
		return err
	}
	return nil
}

// Run flushes every interval until ctx ends, then once more (with a context of its own, so
// that a graceful stop writes what waits). onErr hears of each failed flush.
func (r *Refusals) Run(ctx context.Context, every time.Duration, onErr func(error)) {
	jobs.FlushEvery(ctx, every, r.Flush, onErr)
}
