// Package audit records and queries Keyward's append-only audit trail. Who acted comes from
// the request context (set once by the web layer), so that domain packages only say what
// happened, inside the same transaction as the change itself.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/uptrace/bun"
)

// Actor types.
const (
	ActorUser      = "USER"
	ActorToken     = "TOKEN"
	ActorApprover  = "APPROVER"
	ActorSystem    = "SYSTEM"
	ActorAnonymous = "ANONYMOUS"
)

// Outcomes.
const (
	Success = "SUCCESS"
	Failure = "FAILURE"
	Denied  = "DENIED"
)

// Actor is who is acting in a request and from where.
type Actor struct {
	Type      string
	ID        string
	Label     string
	IP        string
	UserAgent string
	// PartnerID is the partner of the acting user or token (0: the organisation's own).
	PartnerID int64
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx; with none set it is the system.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Type: ActorSystem}
}

// Event is what happened; Record fills in who and when.
type Event struct {
	Action      string
	TargetType  string
	TargetID    string
	TargetLabel string
	Outcome     string
	Details     map[string]any
	// DetailsJSON, when set, is Details already encoded as a JSON object (keys sorted, as
	// encoding/json writes them): the refusal hot path builds it without reflection.
	DetailsJSON string
	// Actor, when set, overrides the context's actor (a login names the account tried).
	Actor *Actor
	// PartnerID is the partner the event concerns, whose users may read it (nil: the actor's
	// partner, if any).
	PartnerID *int64
}

// Record appends e to the trail through idb (a transaction, so the event lands with the
// change or not at all).
func Record(ctx context.Context, idb bun.IDB, at time.Time, e Event) error {
	a := e.actor(ctx)
	details, err := e.details()
	if err != nil {
		return err
	}
	outcome := e.Outcome
	if outcome == "" {
		outcome = Success
	}
	ev := &db.AuditEvent{
		At: at.UTC(), ActorType: a.Type, ActorID: a.ID, ActorLabel: a.Label,
		Action: e.Action, TargetType: e.TargetType, TargetID: e.TargetID, TargetLabel: e.TargetLabel,
		Outcome: outcome, IP: a.IP, UserAgent: truncate(a.UserAgent, 512), Details: details, PartnerID: e.partner(a),
	}
	if _, err := idb.NewInsert().Model(ev).Exec(ctx); err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// actor is who did e: the context's actor, or e.Actor with the context's address and agent
// where it has none.
func (e *Event) actor(ctx context.Context) Actor {
	a := ActorFrom(ctx)
	if e.Actor != nil {
		ip, ua := a.IP, a.UserAgent
		a = *e.Actor
		if a.IP == "" {
			a.IP = ip
		}
		if a.UserAgent == "" {
			a.UserAgent = ua
		}
	}
	return a
}

// partner is the partner e concerns: its own, or else its actor's.
func (e *Event) partner(a Actor) *int64 {
	if e.PartnerID != nil {
		return e.PartnerID
	}
	if a.PartnerID != 0 {
		id := a.PartnerID
		return &id
	}
	return nil
}

// details is e's details as a JSON object (encoding/json sorts map keys, so equal details
// give equal text).
func (e *Event) details() (string, error) {
	switch {
	case e.DetailsJSON != "":
		return e.DetailsJSON, nil
	case len(e.Details) == 0:
		return "{}", nil
	}
	b, err := json.Marshal(e.Details)
	if err != nil {
		return "", fmt.Errorf("audit: details of %s: %w", e.Action, err)
	}
	return string(b), nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
