package notify

import (
	"context"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// notify owns sent_emails and notifications only. What an email is about belongs to another
// domain, which notify asks through these interfaces; approvals imports notify (it queues
// emails in its transactions), so notify names what it needs instead of importing them.

// Users is what notify asks of the access package: users, roles and sign-in codes.
type Users interface {
	User(ctx context.Context, id int64) (*db.User, error)
	RoleWithPermissions(ctx context.Context, id int64) (*db.Role, []string, error)
	ActiveEmails(ctx context.Context, ids []int64) (map[int64]string, error)
	LoginCode(ctx context.Context, id int64) (*db.LoginCode, error)
	SetLoginCode(ctx context.Context, id int64, code string) (bool, error)
}

// Tokens is what notify asks of the tokens package: tokens, their whitelists, and the marks
// that make each expiry email go out once.
type Tokens interface {
	TokenFor(ctx context.Context, id int64) (*db.Token, error)
	EntryFor(ctx context.Context, id int64) (*db.WhitelistEntry, error)
	RemindersDue(ctx context.Context, now time.Time, window time.Duration, limit int) ([]db.Token, error)
	ExpiredUnnoticed(ctx context.Context, now time.Time, window time.Duration, limit int) ([]db.Token, error)
	MarkReminded(ctx context.Context, tx bun.Tx, id int64, now time.Time) (bool, error)
	MarkExpiredNoticed(ctx context.Context, tx bun.Tx, id int64, now time.Time) (bool, error)
}

// Requests is what notify asks of the approvals package: its requests and their links.
type Requests interface {
	RequestRow(ctx context.Context, id int64) (*db.ApprovalRequest, error)
	SetLink(ctx context.Context, id int64, linkHash string, sentAt time.Time) (bool, error)
}

// UseOwners gives the service the owners of the tables its emails are about; call it once
// both exist (the approvals service needs this service first).
func (s *Service) UseOwners(t Tokens, r Requests) { s.tokens, s.requests = t, r }

// found turns "not found" into nil without an error: the row an email job names is gone
// (the token deleted, the request cancelled), so there is nothing to send.
func found[T any](v *T, err error) (*T, error) {
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	return v, err
}
