// Package approvals runs the Business Owner approval of whitelist entries: with the setting
// whitelistApproval on, a new entry is PENDING (it admits nothing) and each Business Owner gets
// an email with a single-use, expiring link. Opening the link decides nothing: the public page
// shows the request, and the decision is a POST. The first decision wins; the requester is
// notified in the console and by email. Owners with a console account can also decide there.
package approvals

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/notify"
	"github.com/keyward/keyward/server/settings"
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

// States of an approval request as people see them.
const (
	Pending   = "PENDING"
	Approved  = "APPROVED"
	Rejected  = "REJECTED"
	Expired   = "EXPIRED"
	Cancelled = "CANCELLED"
	// replaced: a resend gave the owner a new link; the old one no longer works.
	replaced = "REPLACED"
)

// Service is the approval workflow.
type Service struct {
	db       *db.DB
	clock    clock.Clock
	access   *access.Service
	tokens   *tokens.Service
	settings *settings.Service
	notify   *notify.Service
	// partnerOwners reads a partner's Business Owner emails (the partners service owns them).
	partnerOwners func(ctx context.Context, idb bun.IDB, partnerID int64) ([]string, error)
}

// UsePartners tells the service how to read a partner's Business Owner emails.
func (s *Service) UsePartners(owners func(ctx context.Context, idb bun.IDB, partnerID int64) ([]string, error)) {
	s.partnerOwners = owners
}

// New returns the service and hooks it into token whitelist changes.
func New(d *db.DB, c clock.Clock, a *access.Service, t *tokens.Service, st *settings.Service, n *notify.Service) *Service {
	s := &Service{db: d, clock: c, access: a, tokens: t, settings: st, notify: n}
	t.OnWhitelistEntry(s.open)
	return s
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// Request is an approval request with its state worked out.
type Request struct {
	db.ApprovalRequest
	// Status is the entry's: PENDING until decided (also when expired or cancelled).
	Status string
	// Shown is the state a person sees: PENDING, APPROVED, REJECTED, EXPIRED or CANCELLED.
	Shown string
	// CannotDecide says why the one looking may not decide this request ("" when they may).
	CannotDecide string
}

func (s *Service) view(r *db.ApprovalRequest) *Request {
	v := &Request{ApprovalRequest: *r, Status: r.State, Shown: r.State}
	switch {
	case r.State == Cancelled:
		v.Status = Rejected
	case r.State == replaced:
		v.Shown, v.Status = Expired, Pending
	case r.State != Pending:
	case r.EntryID == nil:
		v.Shown, v.Status = Cancelled, Rejected
	case !s.now().Before(r.ExpiresAt):
		v.Shown = Expired
	}
	return v
}

// deciders are who may decide whitelist entries of a partner's token (nil: the
// organisation's own) now: the partner's Business Owner emails or, with none set, the
// settings' or, with none set either, the active users who may approve.
type deciders struct {
	emails []string
	// owners is true when the emails are the settings' Business Owners.
	owners bool
}

func (s *Service) deciders(ctx context.Context, idb bun.IDB, partner *int64) (*deciders, error) {
	if partner != nil && s.partnerOwners != nil {
		emails, err := s.partnerOwners(ctx, idb, *partner)
		if err != nil || len(emails) > 0 {
			return &deciders{emails: emails, owners: true}, err
		}
	}
	st, err := s.settings.Get(ctx)
	if err != nil {
		return nil, err
	}
	if len(st.BusinessOwnerEmails) > 0 {
		return &deciders{emails: st.BusinessOwnerEmails, owners: true}, nil
	}
	emails, err := s.access.Approvers(ctx, idb)
	return &deciders{emails: emails}, err
}

func (d *deciders) has(email string) bool {
	return slices.ContainsFunc(d.emails, func(e string) bool { return strings.EqualFold(e, email) })
}

// refusal says why the person with email (and user id, 0 for a link) may not decide r, or
// returns nil. requester is the email of who asked for the entry. This is the separation of
// duties, written once for links and the console: the one who asked never decides, and when
// Business Owner emails are set only they do.
func (d *deciders) refusal(r *db.ApprovalRequest, requester, email string, userID int64) error {
	if (r.RequesterID != nil && userID == *r.RequesterID) || (requester != "" && strings.EqualFold(requester, email)) {
		return errs.Forbiddenf("you asked for this address, so somebody else must decide it")
	}
	if d.has(email) {
		return nil
	}
	if d.owners {
		return errs.Forbiddenf("only the Business Owners named in the settings decide whitelist requests: %s", strings.Join(d.emails, ", "))
	}
	return errs.Forbiddenf("%s may no longer approve whitelist entries", email)
}

// owners are who is asked about an entry: the deciders but the requester. With nobody left,
// the entry could never be approved, so it is refused.
func (s *Service) owners(ctx context.Context, idb bun.IDB, partner, requester *int64) ([]string, error) {
	d, err := s.deciders(ctx, idb, partner)
	if err != nil {
		return nil, err
	}
	var self string
	if requester != nil {
		emails, err := s.access.Emails(ctx, idb, []int64{*requester})
		if err != nil {
			return nil, err
		}
		self = emails[*requester]
	}
	out := slices.DeleteFunc(slices.Clone(d.emails), func(e string) bool { return strings.EqualFold(e, self) })
	if len(out) == 0 {
		if d.owners {
			return nil, errs.ConflictField("", "nobody but you can approve this address: name another Business Owner in the settings")
		}
		return nil, errs.ConflictField("", "nobody but you can approve this address: name a Business Owner in the settings, or give another user whitelist:approve")
	}
	return out, nil
}

// open asks every owner about a new pending entry (a hook of the token service, inside its
// transaction). The requester is the person acting: the user, or the creator of the token.
func (s *Service) open(ctx context.Context, tx bun.Tx, t *db.Token, e *db.WhitelistEntry) error {
	if e.Status != tokens.EntryPending {
		return nil
	}
	var requester *int64
	if id := access.Caller(ctx).Person(); id > 0 {
		requester = &id
	}
	owners, err := s.owners(ctx, tx, t.PartnerID, requester)
	if err != nil {
		return err
	}
	return s.ask(ctx, tx, t, e, owners, requester)
}

func (s *Service) ask(ctx context.Context, tx bun.Tx, t *db.Token, e *db.WhitelistEntry, owners []string, requester *int64) error {
	st, err := s.settings.Get(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	expires := now.Add(time.Duration(st.ApprovalLinkLifetimeHours) * time.Hour)
	for _, owner := range owners {
		r := &db.ApprovalRequest{EntryID: &e.ID, TokenID: &t.ID, TokenName: t.Name, CIDR: e.CIDR, OwnerEmail: owner, PartnerID: t.PartnerID,
			RequesterID: requester, RequestedBy: e.RequestedBy, State: Pending, ExpiresAt: expires, CreatedAt: now}
		if _, err := tx.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
			return err
		}
		if err := s.notify.Email(ctx, tx, notify.EmailArgs{Type: notify.EmailApprovalRequest, ID: r.ID}); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, now, audit.Event{Action: "approval.request", TargetType: "token", TargetID: strconv.FormatInt(t.ID, 10),
		TargetLabel: t.Name, Details: map[string]any{"cidr": e.CIDR, "entryId": e.ID, "owners": owners, "expiresAt": expires}})
}

// ByLink returns the request a link opens, with why its owner may not decide it, if so.
// Opening decides nothing.
func (s *Service) ByLink(ctx context.Context, link string) (*Request, error) {
	r, err := s.byLink(ctx, s.db, link)
	if err != nil {
		return nil, err
	}
	vs, err := s.views(ctx, []db.ApprovalRequest{*r}, r.OwnerEmail, 0)
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}

// views shows rs to the person with email (and user id, 0 for a link holder): each with why
// they may not decide it, if so.
func (s *Service) views(ctx context.Context, rs []db.ApprovalRequest, email string, userID int64) ([]*Request, error) {
	byPartner := map[int64]*deciders{}
	decidersOf := func(r *db.ApprovalRequest) (*deciders, error) {
		var k int64
		if r.PartnerID != nil {
			k = *r.PartnerID
		}
		if d, ok := byPartner[k]; ok {
			return d, nil
		}
		d, err := s.deciders(ctx, s.db, r.PartnerID)
		byPartner[k] = d
		return d, err
	}
	var ids []int64
	for _, r := range rs {
		if r.RequesterID != nil {
			ids = append(ids, *r.RequesterID)
		}
	}
	requesters, err := s.access.Emails(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*Request, len(rs))
	for i := range rs {
		out[i] = s.view(&rs[i])
		d, err := decidersOf(&rs[i])
		if err != nil {
			return nil, err
		}
		var why error
		switch {
		case email == "":
			why = errNotAPerson
		case rs[i].RequesterID != nil:
			why = d.refusal(&rs[i], requesters[*rs[i].RequesterID], email, userID)
		default:
			why = d.refusal(&rs[i], "", email, userID)
		}
		if why != nil {
			out[i].CannotDecide = why.Error()
		}
	}
	return out, nil
}

var errNotAPerson = errs.Forbiddenf("whitelist entries are decided by a person: sign in to the console, or use the link of the email")

// mayDecide refuses, inside the deciding transaction, unless the person with email (and user
// id, 0 for a link) may decide r.
func (s *Service) mayDecide(ctx context.Context, tx bun.Tx, r *db.ApprovalRequest, email string, userID int64) error {
	d, err := s.deciders(ctx, tx, r.PartnerID)
	if err != nil {
		return err
	}
	var requester string
	if r.RequesterID != nil {
		emails, err := s.access.Emails(ctx, tx, []int64{*r.RequesterID})
		if err != nil {
			return err
		}
		requester = emails[*r.RequesterID]
	}
	return d.refusal(r, requester, email, userID)
}

var errBadLink = errs.NotFoundf("this approval link is not valid: check that you copied the whole address from the email")

func (s *Service) byLink(ctx context.Context, idb bun.IDB, link string) (*db.ApprovalRequest, error) {
	link = strings.TrimSpace(link)
	if len(link) < 20 || len(link) > 100 {
		return nil, errBadLink
	}
	r := new(db.ApprovalRequest)
	if err := idb.NewSelect().Model(r).Where("link_hash = ?", notify.Hash(link)).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errBadLink
		}
		return nil, fmt.Errorf("approvals: %w", err)
	}
	return r, nil
}

// Decision is an approver's answer.
type Decision struct {
	Approve bool
	Comment string
	// By, IP and UserAgent say who decided and from where.
	By, IP, UserAgent string
}

func (d *Decision) validate() error {
	c, err := access.Line("comment", "comment", d.Comment, 1000, false)
	d.Comment = c
	return err
}

// DecideByLink records the decision of the owner holding link. The first decision on an
// entry wins; a used, expired or cancelled link is refused with who decided and when.
func (s *Service) DecideByLink(ctx context.Context, link string, d Decision) (*Request, error) {
	return s.decideOne(ctx, &d, func(ctx context.Context, tx bun.Tx) (*db.ApprovalRequest, error) {
		r, err := s.byLink(ctx, tx, link)
		if err != nil {
			return nil, err
		}
		d.By = r.OwnerEmail
		if err := s.refuseClosed(r); err != nil {
			return nil, err
		}
		return r, s.mayDecide(ctx, tx, r, r.OwnerEmail, 0)
	})
}

// decideOne validates d, finds the open request with find and decides it in one
// transaction, then drops the token's cached identity.
func (s *Service) decideOne(ctx context.Context, d *Decision, find func(ctx context.Context, tx bun.Tx) (*db.ApprovalRequest, error)) (*Request, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	var out *db.ApprovalRequest
	var tokenID int64
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		r, err := find(ctx, tx)
		if err != nil {
			return err
		}
		out, tokenID, err = s.decide(ctx, tx, r, *d)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.tokens.Cache().Invalidate(tokenID)
	return s.view(out), nil
}

func (s *Service) refuseClosed(r *db.ApprovalRequest) error {
	if r.State == replaced {
		return errs.ConflictField("link", "a newer link was sent for this request: use the latest email")
	}
	v := s.view(r)
	switch v.Shown {
	case Approved, Rejected:
		return errs.ConflictField("link", "this request was already %s by %s on %s", strings.ToLower(v.Shown), r.DecidedBy, r.DecidedAt.UTC().Format("02/01/2006 15:04 UTC"))
	case Expired:
		return errs.ConflictField("link", "this link expired on %s: ask for the request to be sent again", r.ExpiresAt.UTC().Format("02/01/2006 15:04 UTC"))
	case Cancelled:
		return errs.ConflictField("link", "this request was withdrawn: there is nothing to decide")
	}
	return nil
}

// decide closes the entry of r with d, unless another decision got there first.
func (s *Service) decide(ctx context.Context, tx bun.Tx, r *db.ApprovalRequest, d Decision) (*db.ApprovalRequest, int64, error) {
	now := s.now()
	status := tokens.EntryRejected
	if d.Approve {
		status = tokens.EntryApproved
	}
	res, err := tx.NewUpdate().Table("whitelist_entries").Set("status = ?", status).Set("decided_by = ?", d.By).Set("decided_at = ?", now).
		Where("id = ? AND status = ?", *r.EntryID, tokens.EntryPending).Exec(ctx)
	if err != nil {
		return nil, 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// Somebody else decided first: report theirs.
		if err := tx.NewSelect().Model(r).WherePK().Scan(ctx); err != nil {
			return nil, 0, err
		}
		if err := s.refuseClosed(r); err != nil {
			return nil, 0, err
		}
		return nil, 0, errs.ConflictField("link", "this request was already decided")
	}
	// Every owner's request for the entry closes with this decision; this one keeps the details.
	if _, err := tx.NewUpdate().Model((*db.ApprovalRequest)(nil)).Set("state = ?", status).Set("decided_by = ?", d.By).Set("decided_at = ?", now).
		Where("entry_id = ? AND state = ?", *r.EntryID, Pending).Exec(ctx); err != nil {
		return nil, 0, err
	}
	r.State, r.DecidedBy, r.DecidedAt, r.DecidedIP, r.DecidedUA, r.Comment = status, d.By, &now, d.IP, d.UserAgent, d.Comment
	if _, err := tx.NewUpdate().Model(r).Column("state", "decided_by", "decided_at", "decided_ip", "decided_ua", "comment").WherePK().Exec(ctx); err != nil {
		return nil, 0, err
	}
	var tokenID int64
	if r.TokenID != nil {
		tokenID = *r.TokenID
	}
	verb := "approval.approve"
	if !d.Approve {
		verb = "approval.reject"
	}
	actor := &audit.Actor{Type: audit.ActorApprover, ID: d.By, Label: d.By, IP: d.IP, UserAgent: d.UserAgent}
	if a := audit.ActorFrom(ctx); a.Type == audit.ActorUser {
		actor = nil // decided in the console: the signed-in user is the actor
	}
	if err := audit.Record(ctx, tx, now, audit.Event{Action: verb, TargetType: "token", TargetID: strconv.FormatInt(tokenID, 10), TargetLabel: r.TokenName,
		Details: map[string]any{"cidr": r.CIDR, "entryId": *r.EntryID, "comment": r.Comment}, Actor: actor}); err != nil {
		return nil, 0, err
	}
	if r.RequesterID != nil {
		title := fmt.Sprintf("%s was %s for %s", r.CIDR, strings.ToLower(status), r.TokenName)
		body := "Decided by " + d.By
		if r.Comment != "" {
			body += ": " + r.Comment
		}
		if err := s.notify.Notify(ctx, tx, &db.Notification{UserID: *r.RequesterID, Kind: "approval." + strings.ToLower(status),
			Title: title, Body: body, Link: "/tokens/" + strconv.FormatInt(tokenID, 10)}); err != nil {
			return nil, 0, err
		}
	}
	if err := s.notify.Email(ctx, tx, notify.EmailArgs{Type: notify.EmailApprovalDecision, ID: r.ID}); err != nil {
		return nil, 0, err
	}
	return r, tokenID, nil
}

// DecideEntry records the decision of the signed-in user of ctx, from the console, on a
// pending entry. Tokens do not decide: approval is a person's.
func (s *Service) DecideEntry(ctx context.Context, entryID int64, d Decision) (*Request, error) {
	c := access.Caller(ctx)
	if c == nil || c.UserID == 0 {
		return nil, errNotAPerson
	}
	d.By = c.Email
	return s.decideOne(ctx, &d, func(ctx context.Context, tx bun.Tx) (*db.ApprovalRequest, error) {
		r := new(db.ApprovalRequest)
		err := access.Scope(ctx, tx.NewSelect().Model(r).Where("entry_id = ?", entryID), "partner_id").
			OrderExpr("CASE WHEN state = 'PENDING' THEN 0 ELSE 1 END, id").Limit(1).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, s.missingRequest(ctx, tx, entryID)
		}
		if err != nil {
			return nil, err
		}
		if r.State != Pending {
			return nil, s.refuseClosed(r)
		}
		return r, s.mayDecide(ctx, tx, r, c.Email, c.UserID)
	})
}

func (s *Service) missingRequest(ctx context.Context, tx bun.Tx, entryID int64) error {
	e := new(db.WhitelistEntry)
	missing := errs.InvalidField("entryId", "no whitelist entry with id %d", entryID)
	if err := tx.NewSelect().Model(e).Where("id = ?", entryID).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return missing
		}
		return err
	}
	// Another partner's entry is answered as if there were none.
	if _, err := s.tokens.Token(ctx, e.TokenID); errs.Is(err, errs.NotFound) {
		return missing
	} else if err != nil {
		return err
	}
	return errs.ConflictField("entryId", "%s is %s and awaits no decision", e.CIDR, strings.ToLower(e.Status))
}

// Resend asks the owners again about a pending entry, with fresh links: the old links stop
// working.
func (s *Service) Resend(ctx context.Context, entryID int64) (int, error) {
	n := 0
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		e := new(db.WhitelistEntry)
		if err := tx.NewSelect().Model(e).Where("id = ?", entryID).Scan(ctx); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return errs.InvalidField("entryId", "no whitelist entry with id %d", entryID)
			}
			return err
		}
		if e.Status != tokens.EntryPending {
			return errs.ConflictField("entryId", "%s is %s and awaits no decision", e.CIDR, strings.ToLower(e.Status))
		}
		t, err := s.tokens.Changeable(ctx, e.TokenID, "resend the approval request of")
		if err != nil {
			return err
		}
		var requester *int64
		var old db.ApprovalRequest
		if err := tx.NewSelect().Model(&old).Where("entry_id = ?", entryID).OrderExpr("id").Limit(1).Scan(ctx); err == nil {
			requester = old.RequesterID
		}
		if _, err := tx.NewUpdate().Model((*db.ApprovalRequest)(nil)).Set("state = ?", replaced).
			Where("entry_id = ? AND state = ?", entryID, Pending).Exec(ctx); err != nil {
			return err
		}
		owners, err := s.owners(ctx, tx, t.PartnerID, requester)
		if err != nil {
			return err
		}
		n = len(owners)
		return s.ask(ctx, tx, t, e, owners, requester)
	})
	return n, err
}

// Pending lists the entries awaiting a decision, oldest first, each with why the caller of
// ctx may not decide it, if so; partnerID (0: all) narrows them to one partner's tokens.
func (s *Service) Pending(ctx context.Context, partnerID int64) ([]*Request, error) {
	var rs []db.ApprovalRequest
	q := access.Scope(ctx, s.db.NewSelect().Model(&rs), "partner_id").
		Where("id IN (SELECT MIN(id) FROM approval_requests WHERE state = ? AND entry_id IS NOT NULL GROUP BY entry_id)", Pending)
	if partnerID != 0 {
		q = q.Where("partner_id = ?", partnerID)
	}
	err := q.OrderExpr("id").Limit(500).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("approvals: %w", err)
	}
	c := access.Caller(ctx)
	var email string
	var uid int64
	if c != nil {
		email, uid = c.Email, c.UserID
	}
	return s.views(ctx, rs, email, uid)
}

// Asked returns, for each pending entry of entryIDs, the emails its open requests went to:
// who may decide it.
func (s *Service) Asked(ctx context.Context, entryIDs []int64) (map[int64][]string, error) {
	var rs []db.ApprovalRequest
	if err := s.db.NewSelect().Model(&rs).Column("entry_id", "owner_email").Where("entry_id IN (?)", bun.In(entryIDs)).
		Where("state = ?", Pending).OrderExpr("owner_email").Scan(ctx); err != nil {
		return nil, fmt.Errorf("approvals: asked: %w", err)
	}
	out := map[int64][]string{}
	for _, r := range rs {
		out[*r.EntryID] = append(out[*r.EntryID], r.OwnerEmail)
	}
	return out, nil
}
